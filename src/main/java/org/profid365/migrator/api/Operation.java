package org.profid365.migrator.api;

/**
 * A long operation the API starts by name ({@code POST /api/operations/<name>}): it does its work on the API's
 * operation thread and returns the id of the run it opened in the ledger. The API answers 202 as soon as that run
 * exists, so an operation need not know it is called from HTTP; what it throws before opening a run (an
 * {@link ApiProblem}, a failed preflight) is the HTTP answer instead.
 */
@FunctionalInterface
public interface Operation {

    long run(OperationEnvironment env, OperationParams params) throws Exception;
}
