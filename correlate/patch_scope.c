/* patch_scope: what an update can break, read from its title. A .NET Framework update replaces .NET's assemblies
 * and nothing of the cluster, storage or virtualisation stack; a servicing stack update replaces the installer;
 * an anti-malware definition update, the scanner's data. When two updates went to the same hosts in one session
 * the fleet's data cannot tell which of them broke something (every casualty had both), and this is what an
 * administrator then reasons with: a Hyper-V or cluster-disk failure after a cumulative OS update and a .NET
 * update is the OS update's. Only narrow kinds are listed; an update of any other title (cumulative, rollup,
 * security-only, a Linux package) may touch anything, and nothing is concluded about it.
 *
 * The table is built in and matched by case-insensitive substrings (no regex: it runs only where the data have
 * already failed to decide). Cost: a false exclusion would hide a real culprit only where another update of
 * the same hosts is named instead, never leave a failure unreported. */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "correlate/cohort_model.h"

typedef struct scope_def {
    const char *what;            /* for the alert's reason */
    const char *title[4];        /* any of these in the update's title */
    const char *affects[12];     /* ... can explain a signature whose provider or program holds one of these */
} scope_def;

static const scope_def scopes[] = {
    {".NET Framework update",
     {".NET Framework", ".NET Core", "ASP.NET Core", NULL},
     {".NET", "ASP.NET", "CLR", "Application Error", "Application Hang", "Windows Error Reporting", "W3SVC",
      "Windows-WAS", "IIS", NULL}},
    {"servicing stack update",
     {"Servicing Stack Update", NULL},
     {"Servicing", "WindowsUpdateClient", "CBS", "TrustedInstaller", "Modules Installer", "Setup", NULL}},
    {"anti-malware update",
     {"Malicious Software Removal Tool", "Security Intelligence Update", "Defender Antivirus", "Antimalware"},
     {"Defender", "Antimalware", "MsMpEng", "Security Center", NULL}},
};

static int has_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0) return 1;
    return 0;
}

const char *corr_scope_of(const char *title)
{
    if (!title) return NULL;
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
        for (size_t k = 0; k < 4 && scopes[i].title[k]; k++)
            if (has_ci(title, scopes[i].title[k])) return scopes[i].what;
    return NULL;
}

bool corr_scope_excludes(const char *title, const char *provider)
{
    const char *what = corr_scope_of(title);
    if (!what || !provider || !*provider) return false;
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
        if (scopes[i].what != what) continue;
        for (size_t k = 0; k < 12 && scopes[i].affects[k]; k++)
            if (has_ci(provider, scopes[i].affects[k])) return false;
    }
    return true;
}
