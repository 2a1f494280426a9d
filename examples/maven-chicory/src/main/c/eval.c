#include "tinylib.h"

/* A recursive-descent parser: expr = term (('+'|'-') term)*, term = unary (('*'|'/'|'%') unary)*,
   unary = '-' unary | primary, primary = number | '(' expr ')'. */
struct parser {
    const char *p;
    int error;
};

static int64_t expr(struct parser *ps);

static void skip_spaces(struct parser *ps) {
    while (*ps->p == ' ' || *ps->p == '\t') {
        ps->p++;
    }
}

static int64_t primary(struct parser *ps) {
    skip_spaces(ps);
    if (*ps->p == '(') {
        ps->p++;
        int64_t v = expr(ps);
        skip_spaces(ps);
        if (*ps->p != ')') {
            ps->error = TINY_ERR_SYNTAX;
            return 0;
        }
        ps->p++;
        return v;
    }
    if (*ps->p < '0' || *ps->p > '9') {
        ps->error = TINY_ERR_SYNTAX;
        return 0;
    }
    int64_t v = 0;
    while (*ps->p >= '0' && *ps->p <= '9') {
        v = v * 10 + (*ps->p++ - '0');
    }
    return v;
}

static int64_t unary(struct parser *ps) {
    skip_spaces(ps);
    if (*ps->p == '-') {
        ps->p++;
        return -unary(ps);
    }
    return primary(ps);
}

static int64_t term(struct parser *ps) {
    int64_t v = unary(ps);
    for (;;) {
        skip_spaces(ps);
        char op = *ps->p;
        if (ps->error || (op != '*' && op != '/' && op != '%')) {
            return v;
        }
        ps->p++;
        int64_t rhs = unary(ps);
        if (op == '*') {
            v *= rhs;
        } else if (rhs == 0) {
            ps->error = ps->error ? ps->error : TINY_ERR_DIVISION_BY_ZERO;
            return 0;
        } else {
            v = op == '/' ? v / rhs : v % rhs;
        }
    }
}

static int64_t expr(struct parser *ps) {
    int64_t v = term(ps);
    for (;;) {
        skip_spaces(ps);
        char op = *ps->p;
        if (ps->error || (op != '+' && op != '-')) {
            return v;
        }
        ps->p++;
        int64_t rhs = term(ps);
        v = op == '+' ? v + rhs : v - rhs;
    }
}

int tiny_eval(const char *expression, int64_t *result) {
    struct parser ps = {expression, 0};
    int64_t v = expr(&ps);
    skip_spaces(&ps);
    if (!ps.error && *ps.p != '\0') {
        ps.error = TINY_ERR_SYNTAX; /* something left over: "1 2", "3)" */
    }
    if (!ps.error) {
        *result = v;
    }
    return ps.error;
}
