package org.profid365.migrator.config;

/** The configuration or the environment does not allow the command to run; the CLI exits with code 2. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
