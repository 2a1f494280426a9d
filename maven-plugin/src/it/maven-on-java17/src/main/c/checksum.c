// Fletcher-16 over the bytes of a string the module keeps.
static const char data[] = "jemception in Maven's own JVM";

int checksum(void) {
    unsigned sum1 = 0, sum2 = 0;
    for (const char *p = data; *p; p++) {
        sum1 = (sum1 + (unsigned char) *p) % 255;
        sum2 = (sum2 + sum1) % 255;
    }
    return (int) (sum2 << 8 | sum1);
}
