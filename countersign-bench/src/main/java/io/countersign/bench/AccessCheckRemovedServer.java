package io.countersign.server.cli.bench;

import io.countersign.server.CountersignApplication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The server with the permission check of the API removed, for {@code bench authz} only:
 * the same application, except that the configuration which puts the access rule
 * interceptor in front of every {@code /api/**} handler is replaced by one that puts a
 * no-op interceptor there. Authentication (the bearer token filter) is unchanged.
 *
 * <p>
 * This is not a setting: no property, profile or environment variable selects it. It is a
 * different main class, reachable only by starting the JVM with it
 * ({@code -Dloader.main=… PropertiesLauncher}), which whoever controls the JVM's command
 * line could do with any code of their own anyway.
 */
public final class AccessCheckRemovedServer {

	/**
	 * The configuration replaced, named so that the bench needs no access to its type.
	 */
	static final String ACCESS_RULES = "io.countersign.server.access.internal.AccessWebConfiguration";

	static final String BANNER = "BENCH ONLY: the API permission check is removed (no-op interceptor)";

	private static final Logger log = LoggerFactory.getLogger(AccessCheckRemovedServer.class);

	private AccessCheckRemovedServer() {
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(CountersignApplication.class);
		application.addInitializers((context) -> context.addBeanFactoryPostProcessor(new WithoutAccessRules()));
		application.run(args);
	}

	/** Replaces the bean definition of the access rule configuration after scanning. */
	static final class WithoutAccessRules implements BeanFactoryPostProcessor {

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
			String replaced = null;
			for (String name : registry.getBeanDefinitionNames()) {
				BeanDefinition definition = registry.getBeanDefinition(name);
				if (ACCESS_RULES.equals(definition.getBeanClassName())) {
					replaced = name;
				}
			}
			if (replaced == null) {
				// never measure the normal server by accident
				throw new IllegalStateException("no bean of " + ACCESS_RULES + " to replace");
			}
			registry.removeBeanDefinition(replaced);
			registry.registerBeanDefinition(replaced, new RootBeanDefinition(NoAccessRules.class));
			log.warn(BANNER);
		}

	}

	/** Puts a no-op interceptor where the access rule interceptor was. */
	static final class NoAccessRules implements WebMvcConfigurer {

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new NoCheck()).addPathPatterns("/api/**");
		}

	}

	static final class NoCheck implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			return true;
		}

	}

}
