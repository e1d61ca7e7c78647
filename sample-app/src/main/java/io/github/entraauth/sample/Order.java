package io.github.entraauth.sample;

/**
 * An order, as in the Faust seed: an account and an amount.
 *
 * @param accountId the account the order is for
 * @param amount the amount, in cents
 */
public record Order(String accountId, long amount) {

}
