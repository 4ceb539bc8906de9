/**
 * Intake: the REST gateway's admission and enqueue, the JMS listener, routing a message's tasks
 * into outbox rows, the backlog quotas both paths are held to, and the retention of what refused
 * messages leave behind, and the heap the bodies being read may take at once
 * ({@link ReadingMemory}). Imports {@code outbox}, {@code export} (which destinations exist),
 * {@code metrics} and the ground floor; never {@code delivery}.
 */
package org.tracerelay.intake;
