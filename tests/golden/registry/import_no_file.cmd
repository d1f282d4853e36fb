db import
