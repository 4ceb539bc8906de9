package org.tracerelay.domain.telemetry;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Histogram bucket counts in their column: comma-separated, null for counters. */
@Converter
public class BucketCounts implements AttributeConverter<long[], String> {

    @Override
    public String convertToDatabaseColumn(long[] counts) {
        return SeriesAmount.bucketsText(counts);
    }

    @Override
    public long[] convertToEntityAttribute(String text) {
        return SeriesAmount.parseBuckets(text);
    }
}
