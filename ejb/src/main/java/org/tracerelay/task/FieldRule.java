package org.tracerelay.task;

/** One trace_info field: its name, shape and whether it must be present and non-null. */
record FieldRule(String name, FieldKind kind, boolean required) {

    static FieldRule req(String name, FieldKind kind) {
        return new FieldRule(name, kind, true);
    }

    static FieldRule opt(String name, FieldKind kind) {
        return new FieldRule(name, kind, false);
    }
}
