#include <stdio.h>

int main(void) {
    printf("hello from %s\n", "jemception-maven-plugin");
    return 0;
}
