/* incident_table: the terminal view of incidents (a header and one row per incident version). */
#ifndef PW_INCIDENT_TABLE_H
#define PW_INCIDENT_TABLE_H

#include <stddef.h>

#include <jansson.h>

const char *pw_incident_table_header(void);
void pw_incident_table_row(const json_t *incident, char *out, size_t cap);

#endif
