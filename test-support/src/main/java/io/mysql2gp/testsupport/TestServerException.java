package io.mysql2gp.testsupport;

/** A test server could not be started, stopped or used; the message says which and why. */
public final class TestServerException extends RuntimeException {
  public TestServerException(String message) {
    super(message);
  }

  public TestServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
