package org.tracerelay.config;

/** Seals and opens the secret fields of one stored config; a value opens only in the field it was sealed for. */
interface FieldCipher {

    String seal(String field, String plain);

    String open(String field, String sealed);
}
