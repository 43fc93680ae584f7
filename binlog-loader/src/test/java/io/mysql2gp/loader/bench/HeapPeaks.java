package io.mysql2gp.loader.bench;

import io.mysql2gp.testsupport.DaemonProcess;

/**
 * Peak heap of both running daemons while one large source transaction is staged and applied, with the
 * seconds from its commit until it was staged and until it was applied.
 */
record HeapPeaks(HeapSampler miner, HeapSampler loader, boolean minerAlive, boolean loaderAlive,
        double commitSeconds, double stagedSeconds, double appliedSeconds) {
    static HeapPeaks measure(Deploy dep, BenchSource source, DaemonProcess miner, DaemonProcess loader, long rows,
            long seqBefore) throws Exception {
        HeapSampler m = HeapSampler.of(DaemonProcess.MINER, dep.config, 250);
        HeapSampler l = HeapSampler.of(DaemonProcess.LOADER, dep.config, 250);
        long t0 = System.nanoTime();
        long committed;
        long staged;
        long applied;
        try (m; l) {
            source.insert("big", 1, rows, true);
            committed = System.nanoTime();
            PipelineBench.log("source: one transaction of %,d rows committed in %.1f s", rows, (committed - t0) / 1e9);
            staged = dep.awaitProgress(dep::minerSeq, seqBefore + rows, miner);
            applied = dep.awaitProgress(dep::appliedSeq, seqBefore + rows, loader);
        }
        return new HeapPeaks(m, l, miner.isAlive(), loader.isAlive(), (committed - t0) / 1e9,
                (staged - committed) / 1e9, (applied - committed) / 1e9);
    }

    boolean minerOk() {
        return minerAlive && miner.peakUsedMb() < 512;
    }

    boolean loaderOk() {
        return loaderAlive && loader.peakUsedMb() < 512;
    }

    String minerText() {
        return text(miner);
    }

    String loaderText() {
        return text(loader);
    }

    String timesText() {
        return Report.fmt("source commit took %.1f s; staged %.1f s and applied %.1f s after the commit",
                commitSeconds, stagedSeconds, appliedSeconds);
    }

    private static String text(HeapSampler s) {
        return Report.fmt("%.0f MB used (committed %.0f MB, %d full GCs, %d samples)", s.peakUsedMb(),
                s.peakCommittedMb(), s.fullGcs(), s.samples());
    }

    @Override
    public String toString() {
        return "miner " + minerText() + ", loader " + loaderText() + "; " + timesText();
    }
}
