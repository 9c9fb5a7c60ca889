package org.profid365.migrator.load;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.profid365.migrator.profi.ProfiObject;

/**
 * The stages of the load, in the order of the object map: a stage starts when the records its lookups point at
 * are written. Each stage is the YAML route {@code load-<name>}. Closing tasks is the second step of every task
 * batch (after that batch's creates landed), so a task is never closed before its columns are written.
 */
public enum LoadStage {
    COACHES("coaches", ProfiObject.COACH),
    ACCOUNTS("accounts", ProfiObject.COMPANY),
    CLIENTS("clients", ProfiObject.CLIENT),
    ENROLLMENTS_AND_PAYMENTS("enrollments-payments", ProfiObject.ENROLLMENT, ProfiObject.PAYMENT, ProfiObject.INVOICE),
    TASKS("tasks", ProfiObject.SESSION),
    NOTES_AND_FILES("notes-files", ProfiObject.NOTE, ProfiObject.FILE);

    private final String stageName;
    private final List<ProfiObject> objects;

    LoadStage(String stageName, ProfiObject... objects) {
        this.stageName = stageName;
        this.objects = List.of(objects);
    }

    /** The name used in routes ({@code load-<name>}), run counters and dead letters. */
    public String stageName() {
        return stageName;
    }

    public List<ProfiObject> objects() {
        return objects;
    }

    public List<String> objectTypes() {
        return objects.stream().map(ProfiObject::typeName).toList();
    }

    public String routeId() {
        return "load-" + stageName;
    }

    public static Optional<LoadStage> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.stageName.equals(name)).findFirst();
    }

    /** The stage that writes records of this object type, if any (services, programs, packages are read only). */
    public static Optional<LoadStage> of(ProfiObject object) {
        return Arrays.stream(values()).filter(s -> s.objects.contains(object)).findFirst();
    }

    /** Object types whose records become Dynamics records a child's lookup points at. */
    static boolean isWrittenParent(ProfiObject o) {
        return o == ProfiObject.COMPANY || o == ProfiObject.CLIENT || o == ProfiObject.SESSION || o == ProfiObject.NOTE;
    }
}
