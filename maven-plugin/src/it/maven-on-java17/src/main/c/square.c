// Built by Maven running on Java 17, in a daemon on a JDK 21+.
int square(int x) { return x * x; }
