#include <iostream>
#include <string>
#include <vector>

int main() {
    std::vector<std::string> words{"hello", "from", "jemception"};
    for (const auto& w : words) {
        std::cout << w << ' ';
    }
    std::cout << std::endl;
    return 0;
}
