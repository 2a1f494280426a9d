#include <numeric>
#include <vector>
#include "calc.h"

// C++ (a template, <vector>, <numeric>) behind a C export.
template <typename T> static T square(T x) { return x * x; }

extern "C" int sum_of_squares(int n) {
    std::vector<int> squares;
    for (int i = 1; i <= n; i++) {
        squares.push_back(square(i));
    }
    return std::accumulate(squares.begin(), squares.end(), 0);
}
