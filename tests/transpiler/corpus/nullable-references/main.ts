// Corpus program: nullable references (`T | null`): a singly linked list threaded through static nodes,
// null checks and narrowing, re-pointing and clearing references, and functions returning `Node | null`.
import { bool, u32 } from '../../../../transpiler/runtime/index.ts';
import { printBool, printU32 } from '../../support/print.ts';

class ListNode {
  value: u32 = 0;
  next: ListNode | null = null;
}

class List {
  head: ListNode | null = null;
  length: u32 = 0;

  pushFront(node: ListNode): void {
    node.next = this.head;
    this.head = node;
    this.length = u32(this.length + 1);
  }

  find(value: u32): ListNode | null {
    let cursor = this.head;
    while (cursor !== null) {
      if (cursor.value === value) {
        return cursor;
      }
      cursor = cursor.next;
    }
    return null;
  }

  remove(value: u32): bool {
    let previous: ListNode | null = null;
    let cursor = this.head;
    while (cursor !== null) {
      if (cursor.value === value) {
        if (previous === null) {
          this.head = cursor.next;
        } else {
          previous.next = cursor.next;
        }
        cursor.next = null;
        this.length = u32(this.length - 1);
        return true;
      }
      previous = cursor;
      cursor = cursor.next;
    }
    return false;
  }

  sum(): u32 {
    let total: u32 = 0;
    let cursor = this.head;
    while (cursor !== null) {
      total = u32(total + cursor.value);
      cursor = cursor.next;
    }
    return total;
  }
}

const nodes: ListNode[] = [new ListNode(), new ListNode(), new ListNode(), new ListNode(), new ListNode()];
const list = new List();
let spare: ListNode | null = null;

export function main(): void {
  printBool('empty_head_null', list.head === null);
  for (let i: u32 = 0; i < nodes.length; i++) {
    nodes[i].value = u32(u32(i + 1) << 4);
    list.pushFront(nodes[i]);
  }
  printU32('length', list.length);
  printU32('sum', list.sum());
  const found = list.find(48);
  printBool('found48', found !== null);
  if (found !== null) {
    printBool('found48_has_next', found.next !== null);
    spare = found;
  }
  printBool('found99', list.find(99) !== null);
  printBool('remove_head', list.remove(80));
  printBool('remove_middle', list.remove(48));
  printBool('remove_again', list.remove(48));
  printBool('remove_tail', list.remove(16));
  printU32('length_after', list.length);
  printU32('sum_after', list.sum());
  if (spare !== null) {
    printBool('spare_detached', spare.next === null);
    printU32('spare_value', spare.value);
  }
  spare = null;
  printBool('spare_cleared', spare === null);
  const head = list.head;
  printU32('head_value', head === null ? 0 : head.value);
}
