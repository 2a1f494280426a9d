int bad(void) {
    int x = 1
    return x;
}
