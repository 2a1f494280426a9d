#define VERSION 2
