package io.countersign.server;

import io.countersign.server.cli.CountersignCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of the Countersign jar: with no arguments it serves, with a command
 * ({@code verify}, {@code export}, the admin commands) it runs that command and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CountersignApplication {

	public static void main(String[] args) {
		if (CountersignCli.isCommand(args)) {
			System.exit(CountersignCli.run(args));
		}
		SpringApplication.run(CountersignApplication.class, args);
	}

}
