// grader's harness for Java function answers, compiled with the candidate's file (its own
// main is never called): reads the tests as JSON on stdin, calls the candidate's method through
// reflection with arguments of the method's own parameter types, and writes one JSON line per
// test, with the run's nonce, on a channel of its own (fd 3). A class-shaped problem's tests are
// call sequences: the class is constructed from the first call, then each call's method (named
// in camelCase) is invoked on it, and the results are written as one list.
import java.io.*;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

public final class GraderHarness {
    static final String CLASS = "__CLASS__";
    static final String FILE_CLASS = "__FILE_CLASS__";
    static final String METHOD = "__METHOD__";
    static final int ARITY = __ARITY__;

    // ---------------------------------------------------------------- JSON reading
    static final class Parser {
        final String t;
        int p = 0;
        Parser(String t) { this.t = t; }
        void ws() { while (p < t.length() && Character.isWhitespace(t.charAt(p))) p++; }
        String str() {
            StringBuilder out = new StringBuilder();
            p++;
            while (t.charAt(p) != '"') {
                char c = t.charAt(p++);
                if (c != '\\') { out.append(c); continue; }
                char e = t.charAt(p++);
                switch (e) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u': out.append((char) Integer.parseInt(t.substring(p, p + 4), 16)); p += 4; break;
                    default: out.append(e);
                }
            }
            p++;
            return out.toString();
        }
        Object value() {
            ws();
            char c = t.charAt(p);
            if (c == '{') {
                p++;
                Map<String, Object> o = new LinkedHashMap<>();
                ws();
                if (t.charAt(p) == '}') { p++; return o; }
                while (true) {
                    ws();
                    String k = str();
                    ws();
                    p++;
                    o.put(k, value());
                    ws();
                    if (t.charAt(p++) == '}') return o;
                }
            } else if (c == '[') {
                p++;
                List<Object> a = new ArrayList<>();
                ws();
                if (t.charAt(p) == ']') { p++; return a; }
                while (true) {
                    a.add(value());
                    ws();
                    if (t.charAt(p++) == ']') return a;
                }
            } else if (c == '"') {
                return str();
            } else if (c == 't') { p += 4; return Boolean.TRUE; }
            else if (c == 'f') { p += 5; return Boolean.FALSE; }
            else if (c == 'n') { p += 4; return null; }
            int start = p;
            while (p < t.length() && "+-0123456789.eE".indexOf(t.charAt(p)) >= 0) p++;
            String num = t.substring(start, p);
            if (num.contains(".") || num.contains("e") || num.contains("E")) return Double.parseDouble(num);
            return Long.parseLong(num);
        }
    }

    // ---------------------------------------------------------------- conversion to parameter types
    static Object convert(Object v, Type type) {
        if (type instanceof ParameterizedType) {
            ParameterizedType pt = (ParameterizedType) type;
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (Set.class.isAssignableFrom(raw)) {
                Set<Object> out = raw.isAssignableFrom(HashSet.class) ? new HashSet<>() : new TreeSet<>();
                for (Object x : (List<?>) v) out.add(convert(x, args[0]));
                return out;
            }
            if (Map.class.isAssignableFrom(raw) && v instanceof List) {
                // A map with int or tuple keys arrives as [key, value] pairs.
                Map<Object, Object> out = raw.isAssignableFrom(HashMap.class) ? new HashMap<>() : new TreeMap<>();
                for (Object p : (List<?>) v) {
                    List<?> kv = (List<?>) p;
                    out.put(convert(kv.get(0), args[0]), convert(kv.get(1), args[1]));
                }
                return out;
            }
            if (List.class.isAssignableFrom(raw) || Collection.class.isAssignableFrom(raw)) {
                List<Object> out = new ArrayList<>();
                for (Object x : (List<?>) v) out.add(convert(x, args[0]));
                return out;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> out = raw.isAssignableFrom(HashMap.class) ? new HashMap<>() : new TreeMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) out.put((String) e.getKey(), convert(e.getValue(), args[1]));
                return out;
            }
            if (raw == Optional.class) return v == null ? Optional.empty() : Optional.of(convert(v, args[0]));
            return v;
        }
        Class<?> c = (Class<?>) type;
        if (v == null) return null;
        if (c == int.class || c == Integer.class) return ((Number) v).intValue();
        if (c == long.class || c == Long.class) return ((Number) v).longValue();
        if (c == double.class || c == Double.class) return ((Number) v).doubleValue();
        if (c == float.class || c == Float.class) return ((Number) v).floatValue();
        if (c == short.class || c == Short.class) return ((Number) v).shortValue();
        if (c == boolean.class || c == Boolean.class) return v;
        if (c == char.class || c == Character.class) return ((String) v).charAt(0);
        if (c == String.class) return v;
        if (c.isArray()) {
            List<?> items = (List<?>) v;
            Object arr = Array.newInstance(c.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) Array.set(arr, i, convert(items.get(i), c.getComponentType()));
            return arr;
        }
        if (List.class.isAssignableFrom(c)) return new ArrayList<>((List<?>) v);
        if (c.getSimpleName().equals("ListNode") || c.getSimpleName().equals("Node")) return nodes(c, "graderBuild", v);
        if (v instanceof Map && isRecord(c)) {
            // A record of the problem's [types]: its public fields filled by name.
            try {
                Object r = c.getDeclaredConstructor().newInstance();
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) continue;
                    f.set(r, convert(((Map<?, ?>) v).get(f.getName()), f.getGenericType()));
                }
                return r;
            } catch (ReflectiveOperationException e) {
                return v;
            }
        }
        return v;
    }

    static boolean isRecord(Class<?> c) {
        try {
            c.getDeclaredField("GRADER_RECORD");
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    // LeetCode's ListNode and Node (generated after this class when the signature uses them)
    // build themselves from the test's list and read themselves back.
    static Object nodes(Class<?> c, String method, Object v) {
        try {
            Method m = c.getDeclaredMethod(method, Object.class);
            m.setAccessible(true);
            return m.invoke(null, v);
        } catch (ReflectiveOperationException e) {
            if (method.equals("graderBuild")) return v;
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put("__unencodable__", c.getSimpleName());
            marker.put("repr", String.valueOf(v));
            return marker;
        }
    }

    static boolean stringKeys(Map<?, ?> m) {
        for (Object k : m.keySet()) if (!(k instanceof String)) return false;
        return true;
    }

    // ---------------------------------------------------------------- JSON writing
    // A backslash-u escape of one char (String.format would cost its start-up on every run).
    static void hex(StringBuilder out, char c) {
        String h = Integer.toHexString(c);
        out.append("\\u");
        for (int k = h.length(); k < 4; k++) out.append('0');
        out.append(h);
    }

    static void putString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') out.append("\\\"");
            else if (c == '\\') out.append("\\\\");
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                hex(out, c);
                hex(out, s.charAt(i + 1));
                i++;
            } else if (Character.isSurrogate(c)) out.append("\\ufffd"); // half a character
            else if (c < 0x20 || c > 0x7e) hex(out, c);
            else out.append(c);
        }
        out.append('"');
    }

    static void put(StringBuilder out, Object v) {
        if (v == null) out.append("null");
        else if (v instanceof String) putString(out, (String) v);
        else if (v instanceof Character) putString(out, v.toString());
        else if (v instanceof Boolean) out.append(v);
        else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                out.append("{\"__unencodable__\":\"double\",\"repr\":\"").append(d).append("\"}");
            } else out.append(d);
        } else if (v instanceof Number) out.append(((Number) v).longValue());
        else if (v instanceof Optional) put(out, ((Optional<?>) v).orElse(null));
        else if (v instanceof Map && !stringKeys((Map<?, ?>) v)) {
            out.append('[');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) out.append(',');
                first = false;
                out.append('[');
                put(out, e.getKey());
                out.append(',');
                put(out, e.getValue());
                out.append(']');
            }
            out.append(']');
        } else if (v.getClass().getSimpleName().equals("ListNode") || v.getClass().getSimpleName().equals("Node")) {
            put(out, nodes(v.getClass(), "graderRead", v));
        } else if (v instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) out.append(',');
                first = false;
                putString(out, String.valueOf(e.getKey()));
                out.append(':');
                put(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Iterable) {
            out.append('[');
            boolean first = true;
            for (Object x : (Iterable<?>) v) {
                if (!first) out.append(',');
                first = false;
                put(out, x);
            }
            out.append(']');
        } else if (v.getClass().isArray()) {
            out.append('[');
            for (int i = 0; i < Array.getLength(v); i++) {
                if (i > 0) out.append(',');
                put(out, Array.get(v, i));
            }
            out.append(']');
        } else if (isRecord(v.getClass())) {
            out.append('{');
            boolean first = true;
            for (Field f : v.getClass().getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) continue;
                if (!first) out.append(',');
                first = false;
                putString(out, f.getName());
                out.append(':');
                try {
                    f.setAccessible(true);
                    put(out, f.get(v));
                } catch (ReflectiveOperationException e) {
                    out.append("null");
                }
            }
            out.append('}');
        } else {
            out.append("{\"__unencodable__\":");
            putString(out, v.getClass().getSimpleName());
            out.append(",\"repr\":");
            String repr = String.valueOf(v);
            putString(out, repr.length() > 200 ? repr.substring(0, 200) : repr);
            out.append('}');
        }
    }

    // ---------------------------------------------------------------- the run
    static OutputStream channel;
    static String nonce;

    static synchronized void emit(StringBuilder record) throws IOException {
        record.setLength(record.length() - 1);
        record.append(",\"nonce\":");
        putString(record, nonce);
        record.append("}\n");
        channel.write(record.toString().getBytes(StandardCharsets.UTF_8));
        channel.flush();
    }

    // The call in progress, watched by a daemon thread: past its CPU or wall limit, the watchdog
    // writes that test's TLE and ends the process; the grader re-runs the tests not reached.
    static volatile long current = -1;
    static volatile long callCpu0, callWall0, cpuLimitNs, wallLimitNs;

    static void watch(ThreadMXBean mx, long mainId) {
        // An anonymous class, not a lambda: a lambda's bootstrap costs tens of milliseconds.
        Thread dog = new Thread(new Runnable() { public void run() {
            while (true) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
                long i = current;
                if (i < 0) continue;
                long cpu = mx.getThreadCpuTime(mainId) - callCpu0, wall = System.nanoTime() - callWall0;
                if (cpu <= cpuLimitNs && wall <= wallLimitNs) continue;
                synchronized (GraderHarness.class) {
                    if (current != i) continue;
                    try {
                        emit(new StringBuilder("{\"i\":" + i + ",\"tle\":true,\"cpu\":" + (cpu / 1e9) + ",\"wall\":" + (wall / 1e9) + "}"));
                    } catch (IOException e) {
                        // The process ends anyway: the grader judges the call by the process.
                    }
                    Runtime.getRuntime().halt(0);
                }
            }
        }}, "grader-watchdog");
        dog.setDaemon(true);
        dog.start();
    }

    // ---------------------------------------------------------------- class-shaped tests
    // The index of the call in progress (0: the constructor), -1 outside a class test.
    static volatile int currentCall = -1;

    static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') upper = out.length() > 0;
            else if (upper) { out.append(Character.toUpperCase(c)); upper = false; }
            else out.append(c);
        }
        return out.toString();
    }

    static Object[] callArgs(Executable e, List<Object> call) {
        Type[] types = e.getGenericParameterTypes();
        Object[] values = new Object[types.length];
        for (int k = 0; k < types.length; k++) values[k] = convert(call.get(k + 1), types[k]);
        return values;
    }

    static Method findMethod(Class<?> cls, String name, int arity) {
        for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == arity && !m.isSynthetic()) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static StringBuilder drive(Class<?> cls, List<Object> calls) throws Throwable {
        List<Object> first = (List<Object>) calls.get(0);
        currentCall = 0;
        Constructor<?> ctor = null;
        for (Constructor<?> c : cls.getDeclaredConstructors()) {
            if (c.getParameterCount() == first.size() - 1) ctor = c;
        }
        if (ctor == null) throw new NoSuchMethodException(cls.getSimpleName() + " has no constructor with " + (first.size() - 1) + " parameter(s)");
        ctor.setAccessible(true);
        Object obj = ctor.newInstance(callArgs(ctor, first));
        StringBuilder out = new StringBuilder("[null");
        Map<String, Method> methods = new HashMap<>();
        for (int k = 1; k < calls.size(); k++) {
            currentCall = k;
            List<Object> call = (List<Object>) calls.get(k);
            String name = camel((String) call.get(0));
            Method m = methods.get(name + "/" + (call.size() - 1));
            if (m == null) m = findMethod(cls, name, call.size() - 1);
            if (m == null) throw new NoSuchMethodException(cls.getSimpleName() + " has no method `" + name + "` with " + (call.size() - 1) + " parameter(s)");
            methods.put(name + "/" + (call.size() - 1), m);
            Object r = m.invoke(obj, callArgs(m, call));
            out.append(',');
            put(out, r);
        }
        currentCall = -1;
        return out.append(']');
    }

    static Class<?> loadClass() throws ClassNotFoundException {
        try {
            return Class.forName(CLASS);
        } catch (ClassNotFoundException e) {
            // A class nested in the file's public class (static, as on LeetCode's Solution).
            return Class.forName(FILE_CLASS + "$" + CLASS);
        }
    }

    static String candidateTrace(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("GraderHarness") || f.getClassName().startsWith("java.") || f.getClassName().startsWith("jdk.")) continue;
            out.append("  at ").append(f).append('\n');
            if (out.length() > 3000) break;
        }
        return out.append(e).toString();
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] argv) throws Exception {
        channel = new FileOutputStream("/dev/fd/3", true);
        String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> spec = (Map<String, Object>) new Parser(text).value();
        nonce = (String) spec.get("nonce");
        boolean failFast = Boolean.TRUE.equals(spec.get("fail_fast"));
        boolean classMode = Boolean.TRUE.equals(spec.get("class"));
        Method method = null;
        Object target = null;
        Class<?> cls = null;
        if (classMode) {
            try {
                cls = loadClass();
            } catch (Throwable e) {
                StringBuilder r = new StringBuilder("{\"import_error\":");
                putString(r, e instanceof ClassNotFoundException ? "the file defines no class `" + CLASS + "`" : candidateTrace(e));
                emit(r.append(",\"stdout\":\"\"}"));
                return;
            }
        } else try {
            cls = Class.forName(CLASS);
            for (Method m : cls.getDeclaredMethods()) {
                if (m.getName().equals(METHOD) && m.getParameterCount() == ARITY) method = m;
            }
            if (method == null) {
                StringBuilder r = new StringBuilder("{\"import_error\":");
                putString(r, "class " + CLASS + " has no method `" + METHOD + "` taking " + ARITY + (ARITY == 1 ? " parameter" : " parameters"));
                emit(r.append(",\"stdout\":\"\"}"));
                return;
            }
            method.setAccessible(true);
            if (!Modifier.isStatic(method.getModifiers())) {
                Constructor<?> ctor = cls.getDeclaredConstructor();
                ctor.setAccessible(true);
                target = ctor.newInstance();
            }
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException || e instanceof ExceptionInInitializerError ? e.getCause() : e;
            StringBuilder r = new StringBuilder("{\"import_error\":");
            putString(r, candidateTrace(cause));
            emit(r.append(",\"stdout\":\"\"}"));
            return;
        }
        emit(new StringBuilder("{\"import_stdout\":\"\"}"));
        Type[] types = classMode ? null : method.getGenericParameterTypes();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        watch(mx, Thread.currentThread().getId());
        for (Object o : (List<Object>) spec.get("tests")) {
            Map<String, Object> test = (Map<String, Object>) o;
            long i = ((Number) test.get("i")).longValue();
            emit(new StringBuilder("{\"start\":" + i + "}"));
            List<Object> args = (List<Object>) test.get("args");
            StringBuilder record = new StringBuilder("{\"i\":" + i);
            boolean failed = false;
            // Stopped only past the grace: a call that ends within it is judged TLE by its time,
            // and may be graded again alone (a busy machine must not cost a test).
            cpuLimitNs = (long) ((((Number) test.get("cpu_limit")).doubleValue()
                    + ((Number) test.get("grace")).doubleValue()) * 1e9);
            wallLimitNs = (long) (((Number) test.get("wall_limit")).doubleValue() * 1e9);
            long cpu0 = mx.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
            callCpu0 = cpu0;
            callWall0 = wall0;
            current = i;
            currentCall = -1;
            try {
                if (classMode) {
                    StringBuilder value = drive(cls, args);
                    record.append(",\"value\":").append(value);
                } else {
                    Object[] values = new Object[ARITY];
                    for (int k = 0; k < ARITY; k++) values[k] = convert(args.get(k), types[k]);
                    Object result = method.invoke(target, values);
                    StringBuilder value = new StringBuilder();
                    put(value, result);
                    record.append(",\"value\":").append(value);
                }
            } catch (Throwable e) {
                failed = true;
                Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
                if (cause instanceof OutOfMemoryError) record.append(",\"mle\":true");
                else {
                    record.append(",\"error\":");
                    putString(record, candidateTrace(cause));
                    if (classMode && currentCall >= 0) record.append(",\"call\":").append(currentCall);
                }
            }
            long cpu, wall;
            synchronized (GraderHarness.class) {
                current = -1;
                cpu = mx.getCurrentThreadCpuTime() - cpu0;
                wall = System.nanoTime() - wall0;
            }
            System.out.flush();
            record.append(",\"cpu\":").append(cpu / 1e9).append(",\"wall\":").append(wall / 1e9).append('}');
            emit(record);
            if (failFast && failed) break;
        }
        System.out.flush();
    }
}
