#include "version.h"

int version(void) {
    return VERSION;
}
