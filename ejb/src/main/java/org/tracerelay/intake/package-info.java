/**
 * Intake: accepting a producer's tasks as one use case for REST and JMS ({@link TraceTaskIntake}),
 * the REST gateway's enqueue, the JMS listener, routing a message's tasks
 * into outbox rows, the backlog quotas both paths are held to, and the retention of what refused
 * messages leave behind, and the heap the bodies being read may take at once
 * ({@link ReadingMemory}). Imports {@code outbox}, {@code export.registry} (which providers and
 * deployment-wide destinations exist), {@code metrics} and the ground floor ({@code task},
 * {@code domain}, {@code crypto}, {@code refusal}, {@code json}, {@code support}); never
 * {@code delivery}, nor a provider package.
 */
package org.tracerelay.intake;
