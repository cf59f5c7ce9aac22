package io.planetscale.cdc;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property runner on plain JUnit: generates inputs from a seeded {@link Random}, checks a
 * property on each with a time limit, and on failure reports the try, the seed to replay it and the
 * input, shrunk when it is text. Seeds are fixed per property so a build is reproducible; set
 * {@code -Dproperty.seed=<n>} to explore other inputs, and {@code -Dproperty.tries=<n>} to run more.
 */
final class Tries {
  /** How long one try may take before it counts as a hang. */
  static final Duration PER_TRY = Duration.ofSeconds(5);

  private Tries() {}

  /**
   * Checks a property on generated inputs.
   *
   * @param name the property's name; with the seed it picks the inputs
   * @param tries how many inputs (scaled by {@code -Dproperty.tries} when given)
   * @param generator makes one input
   * @param property throws if the input breaks the property
   */
  static <T> void forAll(String name, int tries, Function<Random, T> generator, Consumer<T> property) {
    forAll(name, tries, generator, property, input -> input);
  }

  /**
   * Checks a property on generated text, shrinking a failing input by deleting chunks of it.
   *
   * @param name the property's name
   * @param tries how many inputs
   * @param generator makes one input
   * @param property throws if the input breaks the property
   */
  static void forAllText(String name, int tries, Function<Random, String> generator, Consumer<String> property) {
    forAll(name, tries, generator, property, failing -> shrink(failing, property));
  }

  private static <T> void forAll(String name, int tries, Function<Random, T> generator, Consumer<T> property,
      Function<T, T> shrinker) {
    long seed = Long.getLong("property.seed", name.hashCode());
    int count = Integer.getInteger("property.tries", tries);
    Random random = new Random(seed);
    ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
    try {
      for (int i = 0; i < count; i++) {
        T input = generator.apply(random);
        Throwable failure = check(worker, property, input);
        if (failure != null) {
          T smallest = failure instanceof TimeoutException ? input : shrinker.apply(input);
          Throwable reason = smallest == input ? failure : check(worker, property, smallest);
          throw new AssertionError(name + " failed at try " + (i + 1) + " of " + count + " (seed " + seed
              + ", replay with -Dproperty.seed=" + seed + ")\ninput: " + show(smallest)
              + (smallest == input ? "" : "\nshrunk from: " + show(input)) + "\nfailure: " + reason, reason);
        }
      }
    } finally {
      worker.shutdownNow();
    }
  }

  /** Runs one try on the worker; returns its failure, a {@link TimeoutException} for a hang, or null. */
  private static <T> Throwable check(ExecutorService worker, Consumer<T> property, T input) {
    Future<?> run = worker.submit(() -> property.accept(input));
    try {
      run.get(PER_TRY.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      run.cancel(true);
      return new TimeoutException("no result within " + PER_TRY.toSeconds() + "s: a hang");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Deletes ever smaller chunks while the property still fails; bounded so shrinking stays quick. */
  private static String shrink(String failing, Consumer<String> property) {
    ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
    try {
      String current = failing;
      int budget = 2_000;
      for (int chunk = Math.max(1, current.length() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
        boolean progress = true;
        while (progress && budget > 0) {
          progress = false;
          for (int at = 0; at + chunk <= current.length() && budget > 0; at += chunk) {
            String smaller = current.substring(0, at) + current.substring(at + chunk);
            budget--;
            Throwable f = check(worker, property, smaller);
            if (f != null && !(f instanceof TimeoutException)) {
              current = smaller;
              progress = true;
              break;
            }
          }
        }
      }
      return current;
    } finally {
      worker.shutdownNow();
    }
  }

  private static String show(Object input) {
    String s = String.valueOf(input);
    return s.length() > 2_000 ? s.substring(0, 2_000) + "... (" + s.length() + " chars)" : s;
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "property-try");
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Asserts that parsing either succeeds or fails with the documented exception type, never with
   * another one (NPE, NumberFormatException, StackOverflowError...).
   *
   * @param allowed the documented failure type
   * @param parse the parse to run
   */
  static void succeedsOrThrows(Class<? extends Throwable> allowed, Runnable parse) {
    try {
      parse.run();
    } catch (Throwable t) {
      if (!allowed.isInstance(t)) {
        throw new AssertionError("expected success or " + allowed.getSimpleName() + ", got " + t, t);
      }
      if (t.getMessage() == null || t.getMessage().isBlank()) {
        throw new AssertionError(allowed.getSimpleName() + " without a message", t);
      }
    }
  }
}
