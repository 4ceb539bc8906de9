package org.tracerelay.intake;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import java.util.List;

/**
 * Puts validated tasks on the TraceTasks queue as persistent messages in one transaction: when
 * {@link #enqueue} returns, every task is in the broker's journal, or none is.
 */
@Stateless
public class IntakeGateway {

    @Inject
    JMSContext jms;

    @Resource(lookup = TraceTaskQueue.JNDI)
    Queue queue;

    public void enqueue(List<TaskEnvelope> tasks) {
        JMSProducer producer = jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setProperty(TraceTaskQueue.SOURCE_PROPERTY, "REST");
        for (TaskEnvelope task : tasks) {
            producer.send(queue, task.toJson().toString());
        }
    }
}
