package org.profid365.migrator.load;

/**
 * A load run as JMX shows it ({@code org.profid365.migrator:type=MigrationRun,name=<run id>}): the counters of
 * the stage running now and of the whole run, throttling, the application users' concurrency, and pause/resume.
 */
public interface MigrationRunMBean {

    long getRunId();

    String getKind();

    String getStatus();

    String getCurrentStage();

    long getCurrentStageDone();

    long getCurrentStageTotal();

    double getCurrentStageRecordsPerSecond();

    long getCurrentStageEtaSeconds();

    long getLanded();

    long getRejected();

    /** One line per started stage: done/total, rejected, rate, ETA. */
    String[] getStages();

    /** How many times the application users were throttled (429/503 with Retry-After) in this process. */
    long getThrottledCount();

    /** Requests in flight now, over all application users. */
    int getInFlight();

    /** The sum of the application users' current concurrency limits (adaptive, from x-ms-dop-hint). */
    int getConcurrencyLimit();

    boolean isPaused();

    /** Workers finish their current batch and claim no more until resumed. */
    void pause();

    void resume();
}
