package io.countersign.client;

/**
 * The code {@code gate} runs once the request is approved and its execution claimed. What
 * it returns is reported as the execution's result; what it throws is reported as the
 * failure and rethrown.
 *
 * @param <T> what the action returns
 * @param <E> what it may throw
 */
@FunctionalInterface
public interface GatedAction<T, E extends Exception> {

	T run(ApprovalRequest approved) throws E;

}
