/* advisory_extract_defaults: the built-in extraction patterns, used when no `kind: extract` rules are
 * loaded. They are the same as the shipped rules/extract/ files, in the order the rules loader reads them (file
 * names sorted: components, cve, error_codes, event_ids, kb, products, status; test_extract checks both give
 * the same result), so a user who deletes or edits a rule file changes behaviour, and one who has none still gets
 * the defaults. Order matters for status: the first status pattern that matches decides. */
#include <stddef.h>

#include "parsers/advisory_extract.h"

const pw_extract_def pw_extract_defaults[] = {
    /* components (pw_advisory has no separate list: they go to products) */
    {"component-csv", "component", "(?i)\\bcluster shared volumes?\\b|\\bCSVs?\\b", "Cluster Shared Volume", "none"},
    {"component-failover-clustering", "component", "(?i)\\bfailover cluster(?:ing)?\\b", "Failover Clustering", "none"},
    {"component-hyper-v", "component", "(?i)\\bhyper-v\\b", "Hyper-V", "none"},
    {"component-bitlocker", "component", "(?i)\\bbitlocker\\b", "BitLocker", "none"},
    {"component-secure-boot", "component", "(?i)\\bsecure boot\\b", "Secure Boot", "none"},
    {"component-rds", "component", "(?i)\\bremote desktop(?: services)?\\b|\\bRDP\\b", "Remote Desktop", "none"},
    {"component-smb", "component", "\\bSMB(?:v?[123])?\\b", "SMB", "none"},
    {"component-active-directory", "component", "(?i)\\bactive directory\\b|\\bdomain controllers?\\b", "Active Directory", "none"},
    {"component-print-spooler", "component", "(?i)\\bprint spooler\\b|\\bprinting\\b", "Print Spooler", "none"},
    {"component-wsus", "component", "(?i)\\bWSUS\\b|\\bwindows server update services\\b", "WSUS", "none"},
    {"component-storage-spaces", "component", "(?i)\\bstorage spaces(?: direct)?\\b|\\bS2D\\b", "Storage Spaces", "none"},
    /* CVE ids */
    {"cve-id", "cve", "(?i)\\bCVE-(\\d{4}-\\d{4,7})\\b", "CVE-$1", "upper"},
    /* NTSTATUS / HRESULT / Win32 codes as 0x + 8 hex digits, and symbolic names */
    {"error-hex32", "error_code", "\\b0[xX]([0-9a-fA-F]{8})\\b", "0x$1", "upper"},
    {"error-ntstatus-name", "error_code", "\\b(STATUS_[A-Z0-9_]{3,60})\\b", "$1", "none"},
    {"error-win32-name", "error_code", "\\b(ERROR_[A-Z0-9_]{3,60})\\b", "$1", "none"},
    {"error-bugcheck-name", "error_code", "\\b((?:UNSUPPORTED_PROCESSOR|INACCESSIBLE_BOOT_DEVICE|CRITICAL_PROCESS_DIED|KMODE_EXCEPTION_NOT_HANDLED|IRQL_NOT_LESS_OR_EQUAL|PAGE_FAULT_IN_NONPAGED_AREA|SYSTEM_THREAD_EXCEPTION_NOT_HANDLED))\\b", "$1", "none"},
    /* Windows event ids, only in context so "version 5120" or a year is not an event id */
    {"event-id-labelled", "event_id", "(?i)\\bevent(?:\\s*|-)id(?:s)?\\s*[:#]?\\s*(\\d{1,5})\\b", "$1", "none"},
    {"event-id-event-n", "event_id", "(?i)\\bevent\\s+(\\d{3,5})\\b(?!\\s*(?:ms|seconds|minutes|bytes))", "$1", "none"},
    /* the rest of a list ("Event IDs 1069, 1135 and 5120"): \G continues where the previous match ended */
    {"event-id-list-more", "event_id", "(?i)(?:\\bevent\\s*ids\\s*[:#]?\\s*\\d{1,5}|\\G)(?:\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+(?:and|or)\\s+)(\\d{1,5})\\b", "$1", "none"},
    /* KB articles: "KB5062557", "KB 5062557"; Microsoft KBs have 6-8 digits */
    {"kb-number", "kb", "(?i)\\bKB\\s?(\\d{6,8})\\b", "KB$1", "upper"},
    {"kb-support-url", "kb", "support\\.microsoft\\.com/(?:[a-z]{2}-[a-z]{2}/)?help/(\\d{6,8})\\b", "KB$1", "none"},
    /* products and builds */
    {"product-windows-server", "product", "\\bWindows Server(?:,? version \\d{2}H\\d|,? version \\d{4}| (?:2008 R2|2008|2012 R2|2012|2016|2019|2022|2025))", "$0", "none"},
    {"product-windows-client", "product", "\\bWindows (?:10|11)(?:,? version (?:\\d{2}H\\d|\\d{4}))?", "$0", "none"},
    {"product-os-build", "product", "(?i)\\b(?:OS )?build (\\d{5}\\.\\d{1,5})\\b", "build $1", "none"},
    /* status: first match wins, most final first */
    {"status-resolved", "status", "(?i)\\b(?:resolved|has been fixed|fixed in|resolution:)", "resolved", "none"},
    {"status-mitigated", "status", "(?i)\\b(?:mitigated|mitigation|workaround)\\b", "mitigated", "none"},
    {"status-known-issue", "status", "(?i)\\bknown issues?\\b|\\bwe are (?:presently |currently )?investigating\\b", "known-issue", "none"},
};
const size_t pw_extract_ndefaults = sizeof pw_extract_defaults / sizeof pw_extract_defaults[0];
