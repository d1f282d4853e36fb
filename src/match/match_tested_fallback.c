/* match_tested_fallback.c: a weak stand-in for match_patient_tested until the patient sources
 * (match_case.c) are merged; their definition replaces this one at link time. */
#include "match_patient.h"

__attribute__((weak)) onc_tri match_patient_tested(const onc_match_patient_t *p, const char *gene, unsigned types)
{
    (void)gene, (void)types;
    if (p->sequenced == ONC_TRI_FALSE) return ONC_TRI_FALSE;
    return p->assume_tested ? ONC_TRI_TRUE : ONC_TRI_UNKNOWN;
}
