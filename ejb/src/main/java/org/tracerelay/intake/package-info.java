/**
 * Intake: the REST gateway's admission and enqueue, the JMS listener, and routing a message's
 * tasks into outbox rows. Imports {@code outbox}, {@code export} (which destinations exist),
 * {@code metrics} and the ground floor; never {@code delivery}.
 */
package org.tracerelay.intake;
