package com.speedy.notifier;

/** Where notifications go. The daemon uses {@link HttpPushGateway}; tests may hand in their own. */
public interface PushGateway {

    /** Tries once to deliver; failures are results, not exceptions. */
    DeliveryResult push(Notification notification) throws InterruptedException;

    /** The outcome of one attempt; {@code error} says why it failed and is empty when delivered. */
    record DeliveryResult(boolean delivered, String error) {
        public static DeliveryResult ok() {
            return new DeliveryResult(true, "");
        }

        public static DeliveryResult failed(String error) {
            return new DeliveryResult(false, error);
        }
    }
}
