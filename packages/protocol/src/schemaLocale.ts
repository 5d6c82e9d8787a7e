// zod/mini loads no locale, so without this every issue would read "Invalid input". English is the
// one the error frames speak (classic zod loaded it implicitly); the config is global to zod.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());
