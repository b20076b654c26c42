package org.ordercast.auth.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a REST resource class or method (any one of them), enforced by {@link RolesFeature} from
 * the token ordercast verified. Not {@code @RolesAllowed}: servers act on that one themselves (Payara intercepts it
 * on CDI beans and answers with its own Basic challenge page), so the same WAR would behave differently on each.
 * A method's rule replaces its class's; {@code @Roles({})} admits nobody, {@code @Roles(Roles.ANYONE)} everybody.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Roles {

    String ANYONE = "*";

    String[] value();
}
