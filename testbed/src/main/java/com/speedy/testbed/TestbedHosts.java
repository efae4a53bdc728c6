package com.speedy.testbed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against real testbed hosts: {@code @TestbedHosts({"host1", "host2"})} starts them (a host another
 * class used boots again with its disk as that class left it), shuts them down after the class, and injects
 * {@link Testbed} into test methods, constructors or {@code @BeforeAll} methods.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(TestbedExtension.class)
public @interface TestbedHosts {
    String[] value();
}
