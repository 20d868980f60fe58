package dev.ebpfexporter.bpf;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an object's global variables live, from its BTF: each .data/.rodata/.bss section is a
 * DATASEC type listing its variables (struct btf_var_secinfo: type id, offset, size), and libbpf
 * holds each section as an internal map named after it ("<object prefix>.rodata"). Writing into the
 * map's initial value before load is how a {@code const volatile} global gets its value.
 */
final class GlobalVariables {
    private static final int BTF_TYPE_SIZE = 12; // struct btf_type: name_off, info, size/type
    private static final int SECINFO_SIZE = 12; // struct btf_var_secinfo: type, offset, size
    private static final int KIND_DATASEC = 15;

    /** A variable: its section's map, offset and size within it. */
    record Variable(String name, BpfMap section, int offset, int size) {}

    private GlobalVariables() {}

    /** The global variable {@code name}, if the object's BTF places it in a section libbpf holds as a map. */
    static Optional<Variable> find(Pointer object, List<BpfMap> maps, String name) {
        Pointer btf = Libbpf.bpf_object__btf(object);
        if (btf == null) {
            return Optional.empty();
        }
        int types = Libbpf.btf__type_cnt(btf);
        for (int id = 1; id < types; id++) {
            Pointer type = Libbpf.btf__type_by_id(btf, id);
            int info = type.getInt(4);
            if (((info >>> 24) & 0x1f) != KIND_DATASEC) {
                continue;
            }
            String section = Libbpf.btf__name_by_offset(btf, type.getInt(0));
            for (int i = 0; i < (info & 0xffff); i++) {
                Pointer secinfo = type.share(BTF_TYPE_SIZE + (long) i * SECINFO_SIZE);
                Pointer variable = Libbpf.btf__type_by_id(btf, secinfo.getInt(0));
                if (name.equals(Libbpf.btf__name_by_offset(btf, variable.getInt(0)))) {
                    return sectionMap(maps, section)
                            .map(map -> new Variable(name, map, secinfo.getInt(4), secinfo.getInt(8)));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<BpfMap> sectionMap(List<BpfMap> maps, String section) {
        List<BpfMap> internal = new ArrayList<>();
        for (BpfMap map : maps) {
            if (map.isInternal() && map.name().endsWith(section)) {
                internal.add(map);
            }
        }
        return internal.size() == 1 ? Optional.of(internal.get(0)) : Optional.empty();
    }
}
