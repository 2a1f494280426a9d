int scale(int x) {
    return FACTOR * x;
}
