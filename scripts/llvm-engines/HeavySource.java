/**
 * Prints the bench's heavier translation unit: a few class and function templates over standard
 * containers, variants and streams, used by {@value #BLOCKS} functions of their own (about 3,000
 * lines, plus the headers).
 */
public final class HeavySource {
    static final int BLOCKS = 120;

    public static void main(String[] args) {
        var c = new StringBuilder("""
                #include <algorithm>
                #include <array>
                #include <functional>
                #include <map>
                #include <memory>
                #include <numeric>
                #include <optional>
                #include <set>
                #include <sstream>
                #include <string>
                #include <tuple>
                #include <unordered_map>
                #include <variant>
                #include <vector>
                #include <iostream>

                """);
        c.append("""
                template <typename T, int N>
                struct Matrix {
                    std::array<T, N * N> v{};
                    T& at(int r, int k) { return v[r * N + k]; }
                    const T& at(int r, int k) const { return v[r * N + k]; }
                    Matrix operator*(const Matrix& o) const {
                        Matrix m;
                        for (int r = 0; r < N; r++)
                            for (int k = 0; k < N; k++) {
                                T s{};
                                for (int j = 0; j < N; j++) s += at(r, j) * o.at(j, k);
                                m.at(r, k) = s;
                            }
                        return m;
                    }
                    T trace() const {
                        T s{};
                        for (int r = 0; r < N; r++) s += at(r, r);
                        return s;
                    }
                };

                struct Record {
                    std::string name;
                    int id;
                    double score;
                    bool operator<(const Record& o) const { return std::tie(score, id) < std::tie(o.score, o.id); }
                };

                template <typename C>
                std::map<std::string, double> averages(const C& records) {
                    std::map<std::string, std::vector<double>> groups;
                    for (const auto& r : records) groups[r.name].push_back(r.score);
                    std::map<std::string, double> out;
                    for (const auto& [name, scores] : groups)
                        out[name] = std::accumulate(scores.begin(), scores.end(), 0.0) / scores.size();
                    return out;
                }

                using Value = std::variant<int, double, std::string>;

                std::string describe(const Value& v) {
                    return std::visit([](const auto& x) {
                        std::ostringstream os;
                        os << x;
                        return os.str();
                    }, v);
                }

                std::optional<int> find(const std::unordered_map<int, std::set<int>>& index, int key, int at_least) {
                    auto it = index.find(key);
                    if (it == index.end()) return std::nullopt;
                    auto s = it->second.lower_bound(at_least);
                    if (s == it->second.end()) return std::nullopt;
                    return *s;
                }

                """);
        // each block uses the templates above (instantiated once) in code of its own
        for (int i = 0; i < BLOCKS; i++) {
            c.append("""
                    namespace m%1$d {
                    std::string run(int seed) {
                        std::vector<Record> records;
                        for (int k = 0; k < %2$d; k++)
                            records.push_back({"n" + std::to_string((k + seed) %% 7), k, (k * %3$d + seed) %% 101 / 3.0});
                        std::sort(records.begin(), records.end());
                        std::unordered_map<int, std::set<int>> index;
                        for (const auto& r : records) index[r.id %% 5].insert(r.id);
                        Matrix<long, 4> a;
                        for (int k = 0; k < 16; k++) a.v[k] = k + seed + %1$d;
                        auto b = a * a * a;
                        std::vector<std::unique_ptr<Value>> values;
                        values.push_back(std::make_unique<Value>(seed));
                        values.push_back(std::make_unique<Value>(b.trace() / 7.0));
                        values.push_back(std::make_unique<Value>(records.front().name));
                        std::ostringstream os;
                        for (const auto& [name, avg] : averages(records)) os << name << '=' << avg << ';';
                        for (const auto& v : values) os << describe(*v) << ',';
                        os << find(index, seed %% 5, %1$d %% 11).value_or(-1);
                        return os.str();
                    }
                    }  // namespace m%1$d

                    """.formatted(i, 20 + i % 30, 31 + i % 17));
        }
        c.append("int main() {\n    std::size_t total = 0;\n");
        for (int i = 0; i < BLOCKS; i++) {
            c.append("    total += m").append(i).append("::run(").append(i).append(").size();\n");
        }
        c.append("    std::cout << total << std::endl;\n    return 0;\n}\n");
        System.out.print(c);
    }
}
