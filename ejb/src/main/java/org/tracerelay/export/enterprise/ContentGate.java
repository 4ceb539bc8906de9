package org.tracerelay.export.enterprise;

/**
 * ENTERPRISE_INCLUDE_CONTENT (data dictionary §9): with content excluded, a content attribute
 * becomes {@code ref:{id_type}={id}} so it can be looked up where the content is kept.
 */
public record ContentGate(boolean includeContent) {

    public Object apply(Object content, String idType, String id) {
        return includeContent ? content : "ref:" + idType + "=" + (id == null ? "" : id);
    }
}
