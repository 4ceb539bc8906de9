package org.tracerelay.export.aliyun;

import org.tracerelay.export.span.SpanRecord;

/**
 * A span as Aliyun's integration sends it: the wire-neutral record, plus what the shared
 * encoder leaves at its defaults: kind SERVER for the entry span of a request, status OK for a
 * step that succeeded (UNSET where Dify sets none), and a link to the caller's own trace.
 *
 * @param linkedTrace the 16-byte trace id of an external trace this span links to, or null
 */
record AliyunSpan(SpanRecord span, boolean server, boolean ok, byte[] linkedTrace) {

    AliyunSpan linkedTo(byte[] trace) {
        return new AliyunSpan(span, server, ok, trace);
    }
}
