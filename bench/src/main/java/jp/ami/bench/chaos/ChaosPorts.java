package jp.ami.bench.chaos;

/** The loopback ports of one run's services, consecutive from {@code base}. */
record ChaosPorts(int base) {
    int hesTcp() {
        return base;
    }

    int hesCoap() {
        return base + 1;
    }

    int hesHttp() {
        return base + 2;
    }

    int delivery() {
        return base + 3;
    }

    int questDbHttp() {
        return base + 4;
    }

    int questDbPg() {
        return base + 5;
    }

    int switching() {
        return base + 6;
    }

    int front() {
        return base + 7;
    }

    int frontMetrics() {
        return base + 8;
    }
}
