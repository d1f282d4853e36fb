/* version.h: the program version, printed by --version and recorded in every output. */
#ifndef ONCOBOARD_VERSION_H
#define ONCOBOARD_VERSION_H

#define ONC_VERSION "0.1.0"

#endif
