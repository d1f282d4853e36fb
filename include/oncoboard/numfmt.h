/* numfmt.h: fast number formatting with printf's exact results. */
#ifndef ONCOBOARD_NUMFMT_H
#define ONCOBOARD_NUMFMT_H

#include <stdint.h>

#define ONC_FMT_MAX 32 /* room every function below needs in out, with the NUL */

/* Writes v as printf("%.6g") does, NUL-terminated; returns the length. */
int onc_fmt_g6(double v, char *out);
/* Writes v as printf("%" PRId64) does, NUL-terminated; returns the length. */
int onc_fmt_int64(int64_t v, char *out);

#endif
