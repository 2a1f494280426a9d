#ifndef CALC_H
#define CALC_H
#ifdef __cplusplus
extern "C" {
#endif
int add(int a, int b);
int sum_of_squares(int n);
#ifdef __cplusplus
}
#endif
#endif
