/* pw_lazylib: libcurl, libzmq, libmicrohttpd, libxml2 and OpenSSL (syslog over TLS, core/pw_tls.c) loaded on first use instead of at start.
 *
 * Why: those three libraries bring about 45 more shared objects (TLS stacks, Kerberos, LDAP, SSH, C++ runtime,
 * PGM, NORM, ...). Mapping and relocating them cost ~18 ms of every invocation on a 2-core VM, nine tenths of
 * `patchwatch --version` and most of `patchwatch parse` on a small file, while most commands need none of
 * them. libxml2 adds ICU and the C++ runtime (another ~3 ms, for the feed and XML parsers only). GNU ld has no lazy-loading of libraries (Solaris' -z lazyload), so this file defines the functions
 * patchwatch calls with their real prototypes (checked by the compiler against the libraries' own headers);
 * each resolves its target with dlopen/dlsym on its first call and jumps there afterwards. The rest of the code
 * calls curl_easy_init(), zmq_send(), ... as usual and does not know.
 *
 * Cost: one well-predicted branch and an indirect call per library call (nothing next to what a bus send or an
 * HTTP request does). A function used elsewhere that is missing here fails at link time, never at run time.
 * If the library itself cannot be loaded at run time, the process reports which one and aborts, as the dynamic
 * loader would have at start (only later, and only for the commands that need it).
 *
 * Variadic functions: curl_easy_setopt/getinfo and curl_multi_setopt take exactly one argument after the
 * option, always a long, a pointer, a function pointer or a curl_off_t: all one 64-bit integer-class argument
 * in the x86-64 and AArch64 calling conventions, so it is forwarded as such. MHD_start_daemon is only ever
 * called with MHD_OPTION_ARRAY (core/pw_metrics_http.c), which is forwarded as one pointer. Builds for other
 * ABIs (or with -DPW_LAZY_LIBS=OFF) link the libraries directly and leave this file out. */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlreader.h>
#include <libxml/xpath.h>
#include <microhttpd.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <zlib.h>
#include <zmq.h>

enum { LIB_CURL, LIB_ZMQ, LIB_MHD, LIB_XML, LIB_SSL, LIB_CRYPTO, LIB_Z, LIB_COUNT };
static const char *const lib_names[LIB_COUNT] = {"libcurl.so.4", "libzmq.so.5", "libmicrohttpd.so.12",
                                                 "libxml2.so.2", "libssl.so.3", "libcrypto.so.3", "libz.so.1"};
static void *lib_handles[LIB_COUNT];

static void *lazy_resolve(int lib, const char *name)
{
    void *h = __atomic_load_n(&lib_handles[lib], __ATOMIC_ACQUIRE);
    if (!h) {
        h = dlopen(lib_names[lib], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            fprintf(stderr, "patchwatch: cannot load %s (needed for %s): %s\n", lib_names[lib], name, dlerror());
            abort();
        }
        void *none = NULL;
        if (!__atomic_compare_exchange_n(&lib_handles[lib], &none, h, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            dlclose(h); /* another thread won; dlopen counted a reference for each */
            h = none;
        }
    }
    void *f = dlsym(h, name);
    if (!f) {
        fprintf(stderr, "patchwatch: %s has no %s (too old?): %s\n", lib_names[lib], name, dlerror());
        abort();
    }
    return f;
}

/* The resolved pointer is cached in a static per function; racing first calls both resolve the same address. */
#define LAZY_FN(lib, name, ret, params, args)                                                         \
    ret(name) params                                                                                  \
    {                                                                                                 \
        static ret(*pw_lazy_cached) params;                                                                   \
        ret(*pw_lazy_f) params = __atomic_load_n(&pw_lazy_cached, __ATOMIC_ACQUIRE);                                  \
        if (!pw_lazy_f) {                                                                                   \
            pw_lazy_f = (ret(*) params)lazy_resolve(lib, #name);                                              \
            __atomic_store_n(&pw_lazy_cached, pw_lazy_f, __ATOMIC_RELEASE);                                           \
        }                                                                                             \
        return pw_lazy_f args;                                                                                \
    }
#define LAZY_VOID(lib, name, params, args)                                                            \
    void(name) params                                                                                 \
    {                                                                                                 \
        static void(*pw_lazy_cached) params;                                                                  \
        void(*pw_lazy_f) params = __atomic_load_n(&pw_lazy_cached, __ATOMIC_ACQUIRE);                                 \
        if (!pw_lazy_f) {                                                                                   \
            pw_lazy_f = (void(*) params)lazy_resolve(lib, #name);                                             \
            __atomic_store_n(&pw_lazy_cached, pw_lazy_f, __ATOMIC_RELEASE);                                           \
        }                                                                                             \
        pw_lazy_f args;                                                                                       \
    }
/* One 64-bit argument after the option (see the top of the file). */
#define LAZY_VA1(lib, name, ret, t1, t2)                                                              \
    ret(name)(t1 a, t2 b, ...)                                                                        \
    {                                                                                                 \
        static ret(*pw_lazy_cached)(t1, t2, ...);                                                             \
        ret(*pw_lazy_f)(t1, t2, ...) = __atomic_load_n(&pw_lazy_cached, __ATOMIC_ACQUIRE);                            \
        if (!pw_lazy_f) {                                                                                   \
            pw_lazy_f = (ret(*)(t1, t2, ...))lazy_resolve(lib, #name);                                        \
            __atomic_store_n(&pw_lazy_cached, pw_lazy_f, __ATOMIC_RELEASE);                                           \
        }                                                                                             \
        va_list ap;                                                                                   \
        va_start(ap, b);                                                                              \
        void *arg = va_arg(ap, void *);                                                               \
        va_end(ap);                                                                                   \
        return pw_lazy_f(a, b, arg);                                                                          \
    }

/* ---- libcurl ---- */
LAZY_FN(LIB_CURL, curl_global_init, CURLcode, (long flags), (flags))
LAZY_VOID(LIB_CURL, curl_global_cleanup, (void), ())
LAZY_FN(LIB_CURL, curl_easy_init, CURL *, (void), ())
LAZY_VOID(LIB_CURL, curl_easy_cleanup, (CURL * h), (h))
LAZY_FN(LIB_CURL, curl_easy_perform, CURLcode, (CURL * h), (h))
LAZY_FN(LIB_CURL, curl_easy_strerror, const char *, (CURLcode c), (c))
LAZY_FN(LIB_CURL, curl_easy_duphandle, CURL *, (CURL * h), (h))
LAZY_VOID(LIB_CURL, curl_easy_reset, (CURL * h), (h))
LAZY_VA1(LIB_CURL, curl_easy_setopt, CURLcode, CURL *, CURLoption)
LAZY_VA1(LIB_CURL, curl_easy_getinfo, CURLcode, CURL *, CURLINFO)
LAZY_FN(LIB_CURL, curl_slist_append, struct curl_slist *, (struct curl_slist * l, const char *s), (l, s))
LAZY_VOID(LIB_CURL, curl_slist_free_all, (struct curl_slist * l), (l))
LAZY_FN(LIB_CURL, curl_multi_init, CURLM *, (void), ())
LAZY_FN(LIB_CURL, curl_multi_cleanup, CURLMcode, (CURLM * m), (m))
LAZY_FN(LIB_CURL, curl_multi_add_handle, CURLMcode, (CURLM * m, CURL *h), (m, h))
LAZY_FN(LIB_CURL, curl_multi_remove_handle, CURLMcode, (CURLM * m, CURL *h), (m, h))
LAZY_FN(LIB_CURL, curl_multi_perform, CURLMcode, (CURLM * m, int *running), (m, running))
LAZY_FN(LIB_CURL, curl_multi_poll, CURLMcode,
        (CURLM * m, struct curl_waitfd extra[], unsigned n, int timeout_ms, int *numfds),
        (m, extra, n, timeout_ms, numfds))
LAZY_FN(LIB_CURL, curl_multi_wakeup, CURLMcode, (CURLM * m), (m))
LAZY_FN(LIB_CURL, curl_multi_info_read, CURLMsg *, (CURLM * m, int *left), (m, left))
LAZY_FN(LIB_CURL, curl_multi_strerror, const char *, (CURLMcode c), (c))
LAZY_VA1(LIB_CURL, curl_multi_setopt, CURLMcode, CURLM *, CURLMoption)
LAZY_FN(LIB_CURL, curl_version_info, curl_version_info_data *, (CURLversion v), (v))
LAZY_FN(LIB_CURL, curl_url, CURLU *, (void), ())
LAZY_VOID(LIB_CURL, curl_url_cleanup, (CURLU * u), (u))
LAZY_FN(LIB_CURL, curl_url_set, CURLUcode, (CURLU * u, CURLUPart p, const char *c, unsigned int f), (u, p, c, f))
LAZY_FN(LIB_CURL, curl_url_get, CURLUcode, (CURLU * u, CURLUPart p, char **c, unsigned int f), (u, p, c, f))
LAZY_VOID(LIB_CURL, curl_free, (void *p), (p))

/* ---- libzmq ---- */
LAZY_FN(LIB_ZMQ, zmq_ctx_new, void *, (void), ())
LAZY_FN(LIB_ZMQ, zmq_ctx_term, int, (void *c), (c))
LAZY_FN(LIB_ZMQ, zmq_ctx_shutdown, int, (void *c), (c))
LAZY_FN(LIB_ZMQ, zmq_ctx_set, int, (void *c, int o, int v), (c, o, v))
LAZY_FN(LIB_ZMQ, zmq_ctx_get, int, (void *c, int o), (c, o))
LAZY_FN(LIB_ZMQ, zmq_socket, void *, (void *c, int type), (c, type))
LAZY_FN(LIB_ZMQ, zmq_close, int, (void *s), (s))
LAZY_FN(LIB_ZMQ, zmq_bind, int, (void *s, const char *e), (s, e))
LAZY_FN(LIB_ZMQ, zmq_connect, int, (void *s, const char *e), (s, e))
LAZY_FN(LIB_ZMQ, zmq_unbind, int, (void *s, const char *e), (s, e))
LAZY_FN(LIB_ZMQ, zmq_disconnect, int, (void *s, const char *e), (s, e))
LAZY_FN(LIB_ZMQ, zmq_setsockopt, int, (void *s, int o, const void *v, size_t n), (s, o, v, n))
LAZY_FN(LIB_ZMQ, zmq_getsockopt, int, (void *s, int o, void *v, size_t *n), (s, o, v, n))
LAZY_FN(LIB_ZMQ, zmq_send, int, (void *s, const void *b, size_t n, int f), (s, b, n, f))
LAZY_FN(LIB_ZMQ, zmq_recv, int, (void *s, void *b, size_t n, int f), (s, b, n, f))
LAZY_FN(LIB_ZMQ, zmq_poll, int, (zmq_pollitem_t * items, int n, long timeout), (items, n, timeout))
LAZY_FN(LIB_ZMQ, zmq_errno, int, (void), ())
LAZY_FN(LIB_ZMQ, zmq_strerror, const char *, (int e), (e))
LAZY_FN(LIB_ZMQ, zmq_has, int, (const char *cap), (cap))
LAZY_VOID(LIB_ZMQ, zmq_version, (int *ma, int *mi, int *pa), (ma, mi, pa))
LAZY_FN(LIB_ZMQ, zmq_msg_init, int, (zmq_msg_t * m), (m))
LAZY_FN(LIB_ZMQ, zmq_msg_init_size, int, (zmq_msg_t * m, size_t n), (m, n))
LAZY_FN(LIB_ZMQ, zmq_msg_close, int, (zmq_msg_t * m), (m))
LAZY_FN(LIB_ZMQ, zmq_msg_data, void *, (zmq_msg_t * m), (m))
LAZY_FN(LIB_ZMQ, zmq_msg_size, size_t, (const zmq_msg_t *m), (m))
LAZY_FN(LIB_ZMQ, zmq_msg_more, int, (const zmq_msg_t *m), (m))
LAZY_FN(LIB_ZMQ, zmq_msg_recv, int, (zmq_msg_t * m, void *s, int f), (m, s, f))
LAZY_FN(LIB_ZMQ, zmq_msg_send, int, (zmq_msg_t * m, void *s, int f), (m, s, f))
LAZY_FN(LIB_ZMQ, zmq_msg_gets, const char *, (const zmq_msg_t *m, const char *p), (m, p))
LAZY_FN(LIB_ZMQ, zmq_curve_keypair, int, (char *pub, char *sec), (pub, sec))
LAZY_FN(LIB_ZMQ, zmq_curve_public, int, (char *pub, const char *sec), (pub, sec))
LAZY_FN(LIB_ZMQ, zmq_z85_encode, char *, (char *d, const uint8_t *s, size_t n), (d, s, n))
LAZY_FN(LIB_ZMQ, zmq_z85_decode, uint8_t *, (uint8_t * d, const char *s), (d, s))
LAZY_FN(LIB_ZMQ, zmq_socket_monitor, int, (void *s, const char *e, int ev), (s, e, ev))
LAZY_FN(LIB_ZMQ, zmq_proxy, int, (void *f, void *b, void *c), (f, b, c))

/* ---- libmicrohttpd (the /metrics server) ---- */
struct MHD_Daemon *(MHD_start_daemon)(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,
                                      void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
    static struct MHD_Daemon *(*pw_lazy_cached)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                        MHD_AccessHandlerCallback, void *, ...);
    struct MHD_Daemon *(*f)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *, MHD_AccessHandlerCallback,
                            void *, ...) = __atomic_load_n(&pw_lazy_cached, __ATOMIC_ACQUIRE);
    if (!f) {
        f = (struct MHD_Daemon * (*)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                     MHD_AccessHandlerCallback, void *, ...))lazy_resolve(LIB_MHD,
                                                                                         "MHD_start_daemon");
        __atomic_store_n(&pw_lazy_cached, f, __ATOMIC_RELEASE);
    }
    va_list ap;
    va_start(ap, dh_cls);
    int opt = va_arg(ap, int);
    struct MHD_OptionItem *items = opt == MHD_OPTION_ARRAY ? va_arg(ap, struct MHD_OptionItem *) : NULL;
    va_end(ap);
    if (opt != MHD_OPTION_ARRAY && opt != MHD_OPTION_END) {
        fprintf(stderr, "patchwatch: MHD_start_daemon: only MHD_OPTION_ARRAY is forwarded\n");
        abort();
    }
    if (!items) return f(flags, port, apc, apc_cls, dh, dh_cls, MHD_OPTION_END);
    return f(flags, port, apc, apc_cls, dh, dh_cls, MHD_OPTION_ARRAY, items, MHD_OPTION_END);
}
LAZY_VOID(LIB_MHD, MHD_stop_daemon, (struct MHD_Daemon * d), (d))
LAZY_VA1(LIB_MHD, MHD_get_daemon_info, const union MHD_DaemonInfo *, struct MHD_Daemon *, enum MHD_DaemonInfoType)
LAZY_FN(LIB_MHD, MHD_create_response_from_buffer, struct MHD_Response *,
        (size_t n, void *b, enum MHD_ResponseMemoryMode m), (n, b, m))
LAZY_FN(LIB_MHD, MHD_add_response_header, enum MHD_Result, (struct MHD_Response * r, const char *h, const char *v),
        (r, h, v))
LAZY_FN(LIB_MHD, MHD_queue_response, enum MHD_Result,
        (struct MHD_Connection * c, unsigned int s, struct MHD_Response *r), (c, s, r))
LAZY_VOID(LIB_MHD, MHD_destroy_response, (struct MHD_Response * r), (r))

/* ---- libxml2 (feeds, CVRF, HTML selectors, Windows XML) ---- */
/* xmlFree is a variable holding libxml2's deallocator (globals.h, without LIBXML_THREAD_ALLOC_ENABLED as Debian
 * builds it). Ours points at a trampoline that calls whatever the library's own variable holds. */
static void lazy_xml_free(void *p)
{
    static xmlFreeFunc *pw_lazy_cached;
    xmlFreeFunc *real = __atomic_load_n(&pw_lazy_cached, __ATOMIC_ACQUIRE);
    if (!real) {
        real = (xmlFreeFunc *)lazy_resolve(LIB_XML, "xmlFree");
        __atomic_store_n(&pw_lazy_cached, real, __ATOMIC_RELEASE);
    }
    (*real)(p);
}
xmlFreeFunc xmlFree = lazy_xml_free;

LAZY_VOID(LIB_XML, xmlInitParser, (void), ())
LAZY_FN(LIB_XML, xmlNewParserCtxt, xmlParserCtxtPtr, (void), ())
LAZY_VOID(LIB_XML, xmlFreeParserCtxt, (xmlParserCtxtPtr c), (c))
LAZY_VOID(LIB_XML, xmlStopParser, (xmlParserCtxtPtr c), (c))
LAZY_FN(LIB_XML, xmlCtxtReadMemory, xmlDocPtr,
        (xmlParserCtxtPtr c, const char *b, int n, const char *url, const char *enc, int opts),
        (c, b, n, url, enc, opts))
LAZY_FN(LIB_XML, xmlCtxtGetLastError, xmlErrorPtr, (void *c), (c))
LAZY_FN(LIB_XML, xmlCtxtUseOptions, int, (xmlParserCtxtPtr c, int opts), (c, opts))
LAZY_VOID(LIB_XML, xmlCtxtReset, (xmlParserCtxtPtr c), (c))
LAZY_FN(LIB_XML, xmlReadMemory, xmlDocPtr, (const char *b, int n, const char *url, const char *enc, int opts),
        (b, n, url, enc, opts))
LAZY_FN(LIB_XML, xmlDocGetRootElement, xmlNodePtr, (const xmlDoc *d), (d))
LAZY_VOID(LIB_XML, xmlFreeDoc, (xmlDocPtr d), (d))
LAZY_FN(LIB_XML, xmlBuildURI, xmlChar *, (const xmlChar *u, const xmlChar *base), (u, base))
LAZY_VOID(LIB_XML, xmlSetExternalEntityLoader, (xmlExternalEntityLoader f), (f))
LAZY_VOID(LIB_XML, xmlSetGenericErrorFunc, (void *ctx, xmlGenericErrorFunc h), (ctx, h))
LAZY_VOID(LIB_XML, xmlSetStructuredErrorFunc, (void *ctx, xmlStructuredErrorFunc h), (ctx, h))
LAZY_FN(LIB_XML, xmlSAX2GetLineNumber, int, (void *ctx), (ctx))
LAZY_FN(LIB_XML, xmlGetProp, xmlChar *, (const xmlNode *n, const xmlChar *name), (n, name))
LAZY_FN(LIB_XML, xmlNodeGetContent, xmlChar *, (const xmlNode *n), (n))
LAZY_FN(LIB_XML, htmlNewParserCtxt, htmlParserCtxtPtr, (void), ())
LAZY_VOID(LIB_XML, htmlFreeParserCtxt, (htmlParserCtxtPtr c), (c))
LAZY_FN(LIB_XML, htmlCtxtReadMemory, htmlDocPtr,
        (htmlParserCtxtPtr c, const char *b, int n, const char *url, const char *enc, int opts),
        (c, b, n, url, enc, opts))
LAZY_FN(LIB_XML, htmlEntityLookup, const htmlEntityDesc *, (const xmlChar *name), (name))
LAZY_FN(LIB_XML, xmlReaderForMemory, xmlTextReaderPtr, (const char *b, int n, const char *url, const char *enc, int o),
        (b, n, url, enc, o))
LAZY_VOID(LIB_XML, xmlFreeTextReader, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderRead, int, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderNodeType, int, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderDepth, int, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderIsEmptyElement, int, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderConstLocalName, const xmlChar *, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderConstValue, const xmlChar *, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderGetAttribute, xmlChar *, (xmlTextReaderPtr r, const xmlChar *name), (r, name))
LAZY_FN(LIB_XML, xmlTextReaderMoveToNextAttribute, int, (xmlTextReaderPtr r), (r))
LAZY_FN(LIB_XML, xmlTextReaderAttributeCount, int, (xmlTextReaderPtr r), (r))
LAZY_VOID(LIB_XML, xmlTextReaderSetStructuredErrorHandler, (xmlTextReaderPtr r, xmlStructuredErrorFunc f, void *arg),
          (r, f, arg))
LAZY_FN(LIB_XML, xmlXPathNewContext, xmlXPathContextPtr, (xmlDocPtr d), (d))
LAZY_VOID(LIB_XML, xmlXPathFreeContext, (xmlXPathContextPtr c), (c))
LAZY_FN(LIB_XML, xmlXPathEvalExpression, xmlXPathObjectPtr, (const xmlChar *e, xmlXPathContextPtr c), (e, c))
LAZY_VOID(LIB_XML, xmlXPathFreeObject, (xmlXPathObjectPtr o), (o))
LAZY_FN(LIB_XML, xmlXPathCastToString, xmlChar *, (xmlXPathObjectPtr o), (o))

/* ---- OpenSSL (syslog over TLS: core/pw_tls.c for the sink, ingest/syslog_tls.c for the listener) ---- */
LAZY_FN(LIB_SSL, TLS_client_method, const SSL_METHOD *, (void), ())
LAZY_FN(LIB_SSL, TLS_server_method, const SSL_METHOD *, (void), ())
LAZY_FN(LIB_SSL, SSL_CTX_new, SSL_CTX *, (const SSL_METHOD *m), (m))
LAZY_VOID(LIB_SSL, SSL_CTX_free, (SSL_CTX * c), (c))
LAZY_FN(LIB_SSL, SSL_CTX_ctrl, long, (SSL_CTX * c, int cmd, long l, void *p), (c, cmd, l, p))
LAZY_FN(LIB_SSL, SSL_CTX_load_verify_locations, int, (SSL_CTX * c, const char *f, const char *d), (c, f, d))
LAZY_FN(LIB_SSL, SSL_CTX_set_default_verify_paths, int, (SSL_CTX * c), (c))
LAZY_FN(LIB_SSL, SSL_CTX_use_certificate_chain_file, int, (SSL_CTX * c, const char *f), (c, f))
LAZY_FN(LIB_SSL, SSL_CTX_use_PrivateKey_file, int, (SSL_CTX * c, const char *f, int t), (c, f, t))
LAZY_FN(LIB_SSL, SSL_CTX_check_private_key, int, (const SSL_CTX *c), (c))
LAZY_VOID(LIB_SSL, SSL_CTX_set_verify, (SSL_CTX * c, int mode, SSL_verify_cb cb), (c, mode, cb))
LAZY_VOID(LIB_SSL, SSL_CTX_set_verify_depth, (SSL_CTX * c, int depth), (c, depth))
LAZY_VOID(LIB_SSL, SSL_CTX_set_client_CA_list, (SSL_CTX * c, STACK_OF(X509_NAME) * l), (c, l))
LAZY_FN(LIB_SSL, SSL_load_client_CA_file, STACK_OF(X509_NAME) *, (const char *f), (f))
LAZY_VOID(LIB_SSL, SSL_set_accept_state, (SSL * s), (s))
LAZY_FN(LIB_SSL, SSL_new, SSL *, (SSL_CTX * c), (c))
LAZY_VOID(LIB_SSL, SSL_free, (SSL * s), (s))
LAZY_FN(LIB_SSL, SSL_set_fd, int, (SSL * s, int fd), (s, fd))
LAZY_FN(LIB_SSL, SSL_ctrl, long, (SSL * s, int cmd, long l, void *p), (s, cmd, l, p))
LAZY_FN(LIB_SSL, SSL_get0_param, X509_VERIFY_PARAM *, (SSL * s), (s))
LAZY_FN(LIB_CRYPTO, X509_VERIFY_PARAM_set1_ip_asc, int, (X509_VERIFY_PARAM * p, const char *ip), (p, ip))
LAZY_FN(LIB_SSL, SSL_set1_host, int, (SSL * s, const char *h), (s, h))
LAZY_FN(LIB_SSL, SSL_connect, int, (SSL * s), (s))
LAZY_FN(LIB_SSL, SSL_accept, int, (SSL * s), (s))
LAZY_FN(LIB_SSL, SSL_write, int, (SSL * s, const void *b, int n), (s, b, n))
LAZY_FN(LIB_SSL, SSL_read, int, (SSL * s, void *b, int n), (s, b, n))
LAZY_FN(LIB_SSL, SSL_get_error, int, (const SSL *s, int r), (s, r))
LAZY_FN(LIB_SSL, SSL_get_verify_result, long, (const SSL *s), (s))
LAZY_FN(LIB_SSL, SSL_pending, int, (const SSL *s), (s))
LAZY_FN(LIB_SSL, SSL_shutdown, int, (SSL * s), (s))
LAZY_FN(LIB_CRYPTO, ERR_get_error, unsigned long, (void), ())
LAZY_FN(LIB_CRYPTO, ERR_peek_error, unsigned long, (void), ())
LAZY_VOID(LIB_CRYPTO, ERR_clear_error, (void), ())
LAZY_VOID(LIB_CRYPTO, ERR_error_string_n, (unsigned long e, char *b, size_t n), (e, b, n))
LAZY_FN(LIB_CRYPTO, X509_verify_cert_error_string, const char *, (long n), (n))

/* ---- zlib (gzip request bodies of the http sink) ---- */
LAZY_FN(LIB_Z, deflateInit2_, int, (z_streamp s, int level, int method, int bits, int mem, int strategy, const char *v,
                                    int size), (s, level, method, bits, mem, strategy, v, size))
LAZY_FN(LIB_Z, deflate, int, (z_streamp s, int flush), (s, flush))
LAZY_FN(LIB_Z, deflateEnd, int, (z_streamp s), (s))
LAZY_FN(LIB_Z, deflateBound, uLong, (z_streamp s, uLong n), (s, n))
