/* model_attributes.c: the names of attributes.h's enumerations, as cBioPortal writes them in its
 * clinical files' datatype line and as the registry stores them (001_clinical_attributes.sql). */
#include "oncoboard/attributes.h"

#include <string.h>

static const char *const level_names[] = {NULL, "patient", "sample"};
static const char *const type_names[] = {NULL, "STRING", "NUMBER", "BOOLEAN"};

const char *onc_attr_level_name(onc_attr_level level)
{
    return level >= ONC_ATTR_PATIENT && level <= ONC_ATTR_SAMPLE ? level_names[level] : NULL;
}

const char *onc_attr_type_name(onc_attr_type type)
{
    return type >= ONC_ATTR_STRING && type <= ONC_ATTR_BOOLEAN ? type_names[type] : NULL;
}

onc_attr_type onc_attr_type_parse(const char *s)
{
    for (int t = ONC_ATTR_STRING; s && t <= ONC_ATTR_BOOLEAN; t++)
        if (strcmp(s, type_names[t]) == 0) return (onc_attr_type)t;
    return 0;
}

const char *onc_attr_get(const onc_attr_value_t *values, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(values[i].id, id) == 0) return values[i].value;
    return NULL;
}

const onc_survival_t *onc_survival_get(const onc_attr_patient_t *p, const char *endpoint)
{
    for (size_t i = 0; p && endpoint && i < p->n_survival; i++)
        if (strcmp(p->survival[i].endpoint, endpoint) == 0) return &p->survival[i];
    return NULL;
}
