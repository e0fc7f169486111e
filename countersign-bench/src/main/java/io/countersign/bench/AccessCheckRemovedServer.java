package io.countersign.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.countersign.server.CountersignApplication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * This is not a setting, and it is not in the server jar: the bench writes this class to
 * a temporary directory and starts the server jar with it as the main class
 * ({@link #launch}), which whoever controls the JVM's command line could do with any code
 * of their own anyway.
 */
public final class AccessCheckRemovedServer {

	/**
	 * The configuration replaced, by simple name under the access package, so that the
	 * bench needs no access to its type and finds it wherever inside that package it sits
	 * in the jar under test.
	 */
	static final String ACCESS_RULES = "AccessWebConfiguration";

	private static final String ACCESS_PACKAGE = "io.countersign.server.access.";

	/**
	 * Spring Boot's launcher that honours {@code -Dloader.main} and
	 * {@code -Dloader.path}.
	 */
	static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	static final String BANNER = "BENCH ONLY: the API permission check is removed (no-op interceptor)";

	private static final Logger log = LoggerFactory.getLogger(AccessCheckRemovedServer.class);

	private AccessCheckRemovedServer() {
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(CountersignApplication.class);
		application.addInitializers((context) -> context.addBeanFactoryPostProcessor(new WithoutAccessRules()));
		application.run(args);
	}

	/**
	 * What follows {@code java} to start the given server jar with this class as its main
	 * class: this class's files go to a fresh temporary directory that Spring Boot's
	 * launcher puts on the class path next to the jar's own classes.
	 */
	static List<String> launch(Path serverJar) throws IOException {
		Path classes = Files.createTempDirectory("countersign-bench-authz");
		List<Class<?>> written = new ArrayList<>(List.of(AccessCheckRemovedServer.class));
		written.addAll(List.of(AccessCheckRemovedServer.class.getDeclaredClasses()));
		for (Class<?> type : written) {
			String file = type.getName().replace('.', '/') + ".class";
			try (InputStream in = AccessCheckRemovedServer.class.getClassLoader().getResourceAsStream(file)) {
				if (in == null) {
					throw new IOException("the bench jar has no " + file);
				}
				Path target = classes.resolve(file);
				Files.createDirectories(target.getParent());
				Files.write(target, in.readAllBytes());
			}
		}
		return List.of("-cp", serverJar.toString(), "-Dloader.path=" + classes,
				"-Dloader.main=" + AccessCheckRemovedServer.class.getName(), PROPERTIES_LAUNCHER);
	}

	/** Replaces the bean definition of the access rule configuration after scanning. */
	static final class WithoutAccessRules implements BeanFactoryPostProcessor {

		@Override
		public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
			BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
			List<String> found = new ArrayList<>();
			for (String name : registry.getBeanDefinitionNames()) {
				String type = registry.getBeanDefinition(name).getBeanClassName();
				if (type != null && type.startsWith(ACCESS_PACKAGE) && type.endsWith("." + ACCESS_RULES)) {
					found.add(name);
				}
			}
			if (found.size() != 1) {
				// never measure the normal server by accident
				throw new IllegalStateException(
						"expected one bean of " + ACCESS_PACKAGE + "…" + ACCESS_RULES + " to replace, found " + found);
			}
			String replaced = found.get(0);
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
