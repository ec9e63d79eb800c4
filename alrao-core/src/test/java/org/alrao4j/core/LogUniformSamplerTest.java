package org.alrao4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LogUniformSamplerTest {

    private static final LearningRateRange RANGE = new LearningRateRange(1e-5, 10);

    @Test
    void ratesStayInsideTheRange() {
        double[] rates = new LogUniformSampler(RANGE).sample(100_000, new Random(1));
        assertThat(Arrays.stream(rates).min().orElseThrow()).isGreaterThanOrEqualTo(1e-5);
        assertThat(Arrays.stream(rates).max().orElseThrow()).isLessThanOrEqualTo(10);
    }

    /** Kolmogorov-Smirnov test of log10(rate) against U(-5, 1) at a fixed seed, alpha = 0.01. */
    @Test
    void log10OfRatesIsUniform() {
        int n = 20_000;
        double[] logs = Arrays.stream(new LogUniformSampler(RANGE).sample(n, new Random(7)))
                .map(Math::log10).sorted().toArray();
        double d = 0;
        for (int i = 0; i < n; i++) {
            double cdf = (logs[i] + 5) / 6;
            d = Math.max(d, Math.max(Math.abs(cdf - i / (double) n), Math.abs((i + 1) / (double) n - cdf)));
        }
        assertThat(d).isLessThan(1.63 / Math.sqrt(n));
        // and not a degenerate sampler: log-uniform means a tenth of the rates per decade
        long belowOneThousandth = Arrays.stream(logs).filter(l -> l < -3).count();
        assertThat(belowOneThousandth / (double) n).isCloseTo(2 / 6.0, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void sameSeedSameRatesAndStreamsDifferByName() {
        LogUniformSampler sampler = new LogUniformSampler(RANGE);
        assertThat(sampler.sample(50, new Random(3))).containsExactly(sampler.sample(50, new Random(3)));
        long a = LogUniformSampler.streamSeed(42, "conv1");
        assertThat(a).isEqualTo(LogUniformSampler.streamSeed(42, "conv1"));
        assertThat(a).isNotEqualTo(LogUniformSampler.streamSeed(42, "conv2"));
        assertThat(a).isNotEqualTo(LogUniformSampler.streamSeed(43, "conv1"));
    }

    /** Pins the rates of one seed so that a change of the sampling algorithm cannot pass unnoticed. */
    @Test
    void ratesAreStableAcrossMachines() {
        Random rng = new Random(42);
        double u = rng.nextDouble();
        double expected = Math.exp(Math.log(1e-5) + u * (Math.log(10) - Math.log(1e-5)));
        assertThat(new LogUniformSampler(RANGE).sample(1, new Random(42))[0]).isEqualTo(expected);
        // java.util.Random is specified: nextDouble() of seed 42 is the same on every JVM
        assertThat(u).isEqualTo(0.7275636800328681);
    }
}
