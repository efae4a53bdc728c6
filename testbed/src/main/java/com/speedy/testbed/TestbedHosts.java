package com.speedy.testbed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against real testbed hosts: {@code @TestbedHosts({"host1", "host2"})} starts them (once per suite;
 * they stay up for the other classes and go down when the suite ends) and injects {@link Testbed} into test methods,
 * constructors or {@code @BeforeAll} methods.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(TestbedExtension.class)
public @interface TestbedHosts {
    String[] value();
}
