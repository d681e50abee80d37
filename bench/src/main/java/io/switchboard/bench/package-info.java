/** JMH benchmarks; built only with the {@code bench} Maven profile. */
package io.switchboard.bench;
