/**
 * The example contract: {@link dev.augment.example.contract.Route} and the {@link
 * dev.augment.example.contract.Request} it answers.
 *
 * <p>The shape is HTTP's on purpose: the host will become an HTTP server whose plugins answer
 * routes.
 */
package dev.augment.example.contract;
