/* behind.matching.postings: the pass of a query's shortlist over its postings, in C.

   reaching(runs, run_name_weights, weights, words, least, slack, qtotal, name_weight, person_flags, left_out,
            floor, names, dice) -> count

   ``runs`` are the postings (sorted uint32 name ids) the shortlist merges, each with its weight, and
   (``run_name_weights``, or None) each posting's names' own weights and person flags, alongside (a pair
   of float64 and bool arrays per run: read in order, where ``name_weight[name]`` and
   ``person_flags[name]`` would be reads far apart for each name); ``words``
   are the other words a name is looked up in, in order, each (posting or None, bits or None, weight):
   a sorted uint32 posting, or bits (name i is bit i % 8 of byte i // 8). For each name of the runs, in
   ascending order, its shared weight is summed as the full merge sums it: 0.0 plus the weight of each
   run it is in, in the runs' order, then of each word it is in, in the words' order (what numpy's
   bincount and the adds of behind.matching.shortlist do: the same floats). A name that cannot share
   ``least`` (``slack`` covers the rounding of a bound) is not looked up further. A name sharing at least
   ``least`` gets its pre-score, the operations of Weighing.prescores in the same order:

       2 s / (qtotal + weight)                                                  (no person_flags)
       2 s / (max(weight - s, 0) * (left_out if a person's name else 1) + (s + qtotal))

   and the names whose pre-score reaches ``floor`` are written, ascending, to ``names`` (uint32) with
   their pre-scores in ``dice`` (float64); the answer is how many. The runs are merged through a heap
   of (name, run) keys, so equal names come off it in run order. Built with -ffp-contract=off (no fused
   multiply-add); where this module is missing, the numpy path of behind.matching.shortlist runs. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_buffer view;
    int held;
} Held;

static int take(PyObject *obj, Held *h, const char *format, Py_ssize_t itemsize, int writable, const char *what) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &h->view, flags) < 0)
        return -1;
    h->held = 1;
    const char *f = h->view.format ? h->view.format : "B";
    if (f[0] == '<' || f[0] == '=' || f[0] == '@')
        f++;
    if (h->view.itemsize != itemsize || strcmp(f, format) != 0) {
        PyErr_Format(PyExc_TypeError, "%s: expected items of format '%s' (got '%s')", what, format, f);
        return -1;
    }
    return 0;
}

static void release(Held *h) {
    if (h->held) {
        PyBuffer_Release(&h->view);
        h->held = 0;
    }
}

/* the first position at or after ``lo`` in ``post[0:len]`` whose name is at least ``name`` (galloping, then bisection) */
static inline Py_ssize_t seek(const uint32_t *post, Py_ssize_t len, Py_ssize_t lo, uint32_t name) {
    Py_ssize_t step = 1, hi = lo;
    while (hi < len && post[hi] < name) {
        lo = hi + 1;
        hi += step;
        step <<= 1;
    }
    if (hi > len)
        hi = len;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (post[mid] < name)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* a word looked up for the names found: its posting or its bits, its weight, and a cursor (the names
   come in ascending order, so each posting is read forwards once) */
typedef struct {
    Held view;
    const uint32_t *post;
    const uint8_t *bits;
    Py_ssize_t len, at;
    double weight;
} Word;

static inline int holds(Word *word, uint32_t name) {
    if (word->bits)
        return (Py_ssize_t)(name >> 3) < word->len && (word->bits[name >> 3] >> (name & 7)) & 1;
    word->at = seek(word->post, word->len, word->at, name);
    return word->at < word->len && word->post[word->at] == name;
}

/* heap keys: the name in the high 32 bits, the run in the low ones (name order, then run order) */
static void sift_down(uint64_t *heap, Py_ssize_t size, Py_ssize_t i) {
    uint64_t top = heap[i];
    for (;;) {
        Py_ssize_t child = 2 * i + 1;
        if (child >= size)
            break;
        if (child + 1 < size && heap[child + 1] < heap[child])
            child++;
        if (heap[child] >= top)
            break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = top;
}

typedef struct {
    const double *name_weight;
    const uint8_t *person;
    Py_ssize_t names;
    double qtotal, left_out, least, slack, floor, others;
    Word *words;
    Py_ssize_t count;
} Weigh;

/* a name's pre-score, or -1.0 where it cannot reach the floor; ``s`` is what its runs give it, ``weight``
   and ``person`` its own weight and person flag where its run carries them (else NaN and -1: read from
   ``name_weight`` and ``person_flags``) */
static inline double prescore(Weigh *g, uint32_t name, double s, double weight, int person) {
    double left = g->others;
    for (Py_ssize_t i = 0; i < g->count; i++) {
        if (s + left < g->least - g->slack)
            return -1.0;
        left -= g->words[i].weight;
        if (holds(&g->words[i], name))
            s += g->words[i].weight;
    }
    if (!(s >= g->least) || (Py_ssize_t)name >= g->names)
        return -1.0;
    double total = weight == weight ? weight : g->name_weight[name];
    if (g->person) {
        total -= s;
        if (total < 0.0)
            total = 0.0;
        total *= (person < 0 ? g->person[name] : person) ? g->left_out : 1.0;
        total += s + g->qtotal;
    } else {
        total += g->qtotal;
    }
    return (s * 2) / total;
}

/* a summed name written out (the ``n``-th) where its pre-score reaches the floor; answers how many are written */
static inline Py_ssize_t emit(Weigh *g, uint32_t name, double s, double weight, int person, uint32_t *out,
                              double *scores, Py_ssize_t n) {
    double d = prescore(g, name, s, weight, person);
    if (d >= g->floor) {
        out[n] = name;
        scores[n++] = d;
    }
    return n;
}

static PyObject *reaching(PyObject *self, PyObject *args) {
    PyObject *runs, *carried, *weights, *words, *weight_obj, *person_obj, *names_obj, *dice_obj;
    Weigh g = {0};
    if (!PyArg_ParseTuple(args, "O!OO!O!dddOOddOO", &PyList_Type, &runs, &carried, &PyList_Type, &weights,
                          &PyList_Type, &words, &g.least, &g.slack, &g.qtotal, &weight_obj, &person_obj, &g.left_out,
                          &g.floor, &names_obj, &dice_obj))
        return NULL;
    Py_ssize_t k = PyList_GET_SIZE(runs), m = PyList_GET_SIZE(words);
    if (PyList_GET_SIZE(weights) != k || k >= (Py_ssize_t)UINT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "reaching: one weight per run");
        return NULL;
    }
    if (carried != Py_None && (!PyList_Check(carried) || PyList_GET_SIZE(carried) != k)) {
        PyErr_SetString(PyExc_ValueError, "reaching: the runs' name weights are a list, one per run, or None");
        return NULL;
    }
    Held names = {0}, dice = {0}, name_weight = {0}, person = {0};
    size_t kk = (size_t)(k ? k : 1), mm = (size_t)(m ? m : 1);
    Held *held = PyMem_Calloc(kk, sizeof(Held)), *along = PyMem_Calloc(kk, sizeof(Held)),
         *flags = PyMem_Calloc(kk, sizeof(Held));
    double *w = PyMem_Calloc(kk, sizeof(double));
    Py_ssize_t *pos = PyMem_Calloc(kk, sizeof(Py_ssize_t));
    uint64_t *heap = PyMem_Calloc(kk, sizeof(uint64_t));
    Word *rest = PyMem_Calloc(mm, sizeof(Word));
    PyObject *result = NULL;
    if (!held || !along || !flags || !w || !pos || !heap || !rest) {
        PyErr_NoMemory();
        goto done;
    }
    if (take(names_obj, &names, "I", 4, 1, "reaching names") < 0 || take(dice_obj, &dice, "d", 8, 1, "reaching dice") < 0 ||
        take(weight_obj, &name_weight, "d", 8, 0, "reaching name weights") < 0)
        goto done;
    g.name_weight = (const double *)name_weight.view.buf;
    g.names = name_weight.view.len / 8;
    if (person_obj != Py_None) {
        if (take(person_obj, &person, "?", 1, 0, "reaching person flags") < 0)
            goto done;
        if (person.view.len < g.names)
            g.names = person.view.len;
        g.person = (const uint8_t *)person.view.buf;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t r = 0; r < k; r++) {
        if (take(PyList_GET_ITEM(runs, r), &held[r], "I", 4, 0, "reaching run") < 0)
            goto done;
        w[r] = PyFloat_AsDouble(PyList_GET_ITEM(weights, r));
        if (w[r] == -1.0 && PyErr_Occurred())
            goto done;
        total += held[r].view.len / 4;
        if (carried != Py_None) {
            PyObject *pair = PyList_GET_ITEM(carried, r);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                PyErr_Format(PyExc_TypeError, "reaching: run %zd: carried is (name weights, person flags)", r);
                goto done;
            }
            if (take(PyTuple_GET_ITEM(pair, 0), &along[r], "d", 8, 0, "reaching run name weights") < 0 ||
                take(PyTuple_GET_ITEM(pair, 1), &flags[r], "?", 1, 0, "reaching run person flags") < 0)
                goto done;
            if (along[r].view.len / 8 != held[r].view.len / 4 || flags[r].view.len != held[r].view.len / 4) {
                PyErr_Format(PyExc_ValueError, "reaching: run %zd: its name weights and person flags are as many as its names", r);
                goto done;
            }
        }
    }
    if (names.view.len / 4 < total || dice.view.len / 8 < total) {
        PyErr_SetString(PyExc_ValueError, "reaching: the output buffers are shorter than the runs");
        goto done;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        PyObject *item = PyList_GET_ITEM(words, i);
        PyObject *post_obj, *bits_obj;
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 3) {
            PyErr_Format(PyExc_TypeError, "reaching: word %zd: each word is (posting, bits, weight)", i);
            goto done;
        }
        if (!PyArg_ParseTuple(item, "OOd", &post_obj, &bits_obj, &rest[i].weight))
            goto done;
        if ((post_obj == Py_None) == (bits_obj == Py_None)) {
            PyErr_Format(PyExc_TypeError, "reaching: word %zd: a posting or bits, one of the two", i);
            goto done;
        }
        if (bits_obj != Py_None) {
            if (take(bits_obj, &rest[i].view, "B", 1, 0, "reaching bits") < 0)
                goto done;
            rest[i].bits = (const uint8_t *)rest[i].view.view.buf;
            rest[i].len = rest[i].view.view.len;
        } else {
            if (take(post_obj, &rest[i].view, "I", 4, 0, "reaching posting") < 0)
                goto done;
            rest[i].post = (const uint32_t *)rest[i].view.view.buf;
            rest[i].len = rest[i].view.view.len / 4;
        }
        g.others += rest[i].weight;
    }
    g.words = rest;
    g.count = m;
    uint32_t *out = (uint32_t *)names.view.buf;
    double *scores = (double *)dice.view.buf;
    Py_ssize_t size = 0, n = 0;
    for (Py_ssize_t r = 0; r < k; r++)
        if (held[r].view.len >= 4)
            heap[size++] = (uint64_t)((const uint32_t *)held[r].view.buf)[0] << 32 | (uint64_t)r;
    for (Py_ssize_t i = size / 2; i-- > 0;)
        sift_down(heap, size, i);
    int open = 0; /* a name being summed */
    uint32_t current = 0;
    double sum = 0.0, weight = 0.0;
    int is_person = -1;
    while (size) {
        uint64_t top = heap[0];
        uint32_t name = (uint32_t)(top >> 32), r = (uint32_t)top;
        if (open && name == current) {
            sum += w[r];
        } else {
            if (open)
                n = emit(&g, current, sum, weight, is_person, out, scores, n);
            open = 1;
            current = name;
            sum = 0.0 + w[r];
            weight = along[r].held ? ((const double *)along[r].view.buf)[pos[r]] : Py_NAN;
            is_person = flags[r].held ? ((const uint8_t *)flags[r].view.buf)[pos[r]] != 0 : -1;
        }
        Py_ssize_t at = ++pos[r];
        if (at < held[r].view.len / 4)
            heap[0] = (uint64_t)((const uint32_t *)held[r].view.buf)[at] << 32 | (uint64_t)r;
        else
            heap[0] = heap[--size];
        if (size)
            sift_down(heap, size, 0);
    }
    if (open)
        n = emit(&g, current, sum, weight, is_person, out, scores, n);
    result = PyLong_FromSsize_t(n);
done:
    if (held)
        for (Py_ssize_t r = 0; r < k; r++)
            release(&held[r]);
    if (along)
        for (Py_ssize_t r = 0; r < k; r++)
            release(&along[r]);
    if (flags)
        for (Py_ssize_t r = 0; r < k; r++)
            release(&flags[r]);
    if (rest)
        for (Py_ssize_t i = 0; i < m; i++)
            release(&rest[i].view);
    release(&names);
    release(&dice);
    release(&name_weight);
    release(&person);
    PyMem_Free(held);
    PyMem_Free(along);
    PyMem_Free(flags);
    PyMem_Free(w);
    PyMem_Free(pos);
    PyMem_Free(heap);
    PyMem_Free(rest);
    return result;
}

static PyMethodDef methods[] = {
    {"reaching", reaching, METH_VARARGS,
     "The names of sorted runs (and looked-up words) whose pre-score reaches the floor, ascending, with their pre-scores."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "postings", NULL, -1, methods};

PyMODINIT_FUNC PyInit_postings(void) { return PyModule_Create(&module); }
