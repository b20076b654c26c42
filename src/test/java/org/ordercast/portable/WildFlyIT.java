package org.ordercast.portable;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;
import org.ordercast.testing.PortableServers;

/** The portable contract (every {@code *Contract} class tagged {@code portable}) on WildFly, one deployment for all. */
@Suite
@SuiteDisplayName("portable contract on WildFly")
@SelectPackages("org.ordercast")
@IncludeClassNamePatterns(".*Contract")
@IncludeTags("portable")
@ConfigurationParameter(key = PortableServers.SERVER, value = "wildfly")
class WildFlyIT {
}
